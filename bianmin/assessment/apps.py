from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "bianmin.assessment"
    verbose_name = "年度考核与标准化建设"
