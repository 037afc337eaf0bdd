/*
 * htmx swaps nothing when a request fails (an error status, or no answer at all), so the person at
 * the window would see no reaction to a click. Show one short notice at the top of the page instead:
 * the server's own text for a 503 (database unreachable, bianmin/core/error_pages.py), a general one
 * for other server errors and for a lost connection. The text is set as text, never as HTML.
 */
(function () {
  "use strict";

  var box = null;
  var timer = null;

  function hide() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  function show(text) {
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.className = "alert alert-danger shadow position-fixed top-0 start-50 translate-middle-x mt-2";
      box.style.zIndex = "2000";
      box.style.maxWidth = "40rem";
      box.title = "点击关闭";
      box.addEventListener("click", hide);
      document.body.appendChild(box);
    }
    box.textContent = text;
    clearTimeout(timer);
    timer = setTimeout(hide, 15000);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var plain = (xhr.getResponseHeader("Content-Type") || "").indexOf("text/plain") === 0;
    if (xhr.status === 503 && plain && xhr.responseText) {
      show(xhr.responseText.slice(0, 200));
    } else if (xhr.status >= 500) {
      show("系统出现错误,刚才的操作没有完成。请稍后再试;如问题持续,请联系县行政服务中心管委会。");
    }
  });

  document.addEventListener("htmx:sendError", function () {
    show("无法连接服务器,刚才的操作没有完成。请检查网络后再试。");
  });
})();
