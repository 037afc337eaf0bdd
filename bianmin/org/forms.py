"""Forms of the organisation pages. Choices are narrowed to the user's scope."""

from django import forms
from django.db.models import Q

from bianmin.core.forms import BootstrapFormMixin
from bianmin.core.roles import Role
from bianmin.core.scope import Scope
from bianmin.core.validators import validate_person_name
from bianmin.org.facilities import AGENCY_POINT_FACILITIES, CENTRE_FACILITIES
from bianmin.org.models import AgencyPoint, Centre, Staff, Window


class CentreForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Centre
        fields = [
            "name",
            "address",
            "opening_hours",
            "service_phone",
            "complaint_phone",
            "hall_area",
            "director",
            "deputy",
            "commitments",
            "duties",
            *[item.code for item in CENTRE_FACILITIES],
        ]
        widgets = {"commitments": forms.Textarea(attrs={"rows": 3}), "duties": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own_staff = Staff.objects.filter(centre=self.instance, is_active=True).order_by("name")
        self.fields["director"].queryset = own_staff
        self.fields["deputy"].queryset = own_staff


class WindowForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Window
        fields = ["number", "name", "kind", "business_line", "duties", "staff", "is_active"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 3}), "staff": forms.CheckboxSelectMultiple}

    def __init__(self, *args, centre: Centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.centre = centre
        # Active staff, plus whoever is on the window now (saving must not drop them silently).
        current = self.instance.staff.all() if self.instance.pk else Staff.objects.none()
        self.fields["staff"].queryset = (
            Staff.objects.filter(centre=centre).filter(Q(is_active=True) | Q(pk__in=current)).order_by("name")
        )

    def clean_number(self):
        number = self.cleaned_data["number"]
        clash = Window.objects.filter(centre=self.centre, number=number).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"本中心已有{number}号窗口。")
        return number


class AgencyPointForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = AgencyPoint
        fields = [
            "name",
            "address",
            "phone",
            "area",
            "receiving_windows",
            "issuing_windows",
            "head",
            "is_active",
            *[item.code for item in AGENCY_POINT_FACILITIES],
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = Staff.objects.filter(agency_point=self.instance).order_by("name")


PHOTO_MAX_BYTES = 5 * 1024 * 1024


class StaffForm(BootstrapFormMixin, forms.ModelForm):
    username = forms.CharField(label="登录名", max_length=150, required=False, help_text="留空则不开通登录账号。")
    password = forms.CharField(label="初始密码", required=False, widget=forms.PasswordInput(render_value=False))

    class Meta:
        model = Staff
        fields = ["name", "role", "centre", "agency_point", "post", "position", "phone", "photo"]
        fields += ["on_post_board", "is_active"]

    def __init__(self, *args, scope: Scope, **kwargs):
        super().__init__(*args, **kwargs)
        if scope.role != Role.COUNTY_ADMIN:
            # A director staffs their own centre and its agency points, as clerks or agents.
            allowed = {Role.CLERK, Role.AGENT}
            if self.instance.pk:
                allowed.add(Role(self.instance.role))  # a director may edit their own record
            self.fields["role"].choices = [(r.value, r.label) for r in Role if r in allowed]
            self.fields["centre"].queryset = Centre.objects.filter(pk=scope.centre_id)
            self.fields["agency_point"].queryset = AgencyPoint.objects.filter(centre_id=scope.centre_id)
        if self.instance.user_id:
            del self.fields["username"]
            del self.fields["password"]

    def clean_photo(self):
        # Django's ImageField has already opened it with Pillow (a renamed file is refused there).
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > PHOTO_MAX_BYTES:
            raise forms.ValidationError("照片不能超过 5 MB,请压缩后重新上传。")
        return photo

    def clean_name(self):
        # A new or changed name must be a person's name; a record imported earlier keeps its own.
        name = self.cleaned_data["name"]
        if "name" in self.changed_data:
            validate_person_name(name)
        return name

    def clean(self):
        data = super().clean()
        if data.get("username") and not data.get("password"):
            self.add_error("password", "开通登录账号时请设置初始密码。")
        return data
