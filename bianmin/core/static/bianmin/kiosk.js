/*
 * Touch kiosk mode (触摸查询机, plan 四(一)2(3); issue #6 point 5). Self-contained: include it on any
 * page and give it the kiosk's start page, either on <body data-kiosk-home="/kiosk/3/"> or on the
 * script tag itself (<script src=".../kiosk.js" data-kiosk-home="/kiosk/3/">). Optional
 * data-kiosk-idle="60" (seconds without touch or keyboard input before returning to the start page).
 *
 * - After the idle time the browser goes back to the start page (on the start page itself, the
 *   page is reset instead); a notice counts down the last seconds.
 * - Links and forms that would leave /public/ or /kiosk/ (staff pages, login, other sites) are
 *   ignored; new windows are not opened; long-press menus and dragging are off.
 * - Links and forms into /public/ carry ?kiosk=<centre> so the next page stays in kiosk mode.
 * One interval timer, created once; the notice element is created once and reused.
 */
(function () {
  "use strict";

  var script = document.currentScript || document.querySelector("script[data-kiosk-home]");
  var body = document.body;

  function setting(name) {
    return body.getAttribute(name) || (script && script.getAttribute(name)) || "";
  }

  var home = setting("data-kiosk-home");
  var match = /^\/kiosk\/(\d+)\//.exec(home);
  if (!match) {
    return; // not in kiosk mode
  }
  var centre = match[1];
  var idleMs = Math.max(2, Number(setting("data-kiosk-idle")) || 60) * 1000;
  var warnMs = Math.min(10000, Math.floor(idleMs / 3));
  var ALLOWED = ["/public/", "/kiosk/"];
  var last = Date.now();
  var leaving = false;
  var notice = null;
  var noticeTimer = null;

  function allowed(url) {
    if (url.origin !== window.location.origin) {
      return false;
    }
    for (var i = 0; i < ALLOWED.length; i++) {
      if (url.pathname.indexOf(ALLOWED[i]) === 0) {
        return true;
      }
    }
    return false;
  }

  function inPortal(url) {
    return url.pathname.indexOf("/public/") === 0;
  }

  // --- the notice (idle countdown, refused links) --------------------------------------------------
  function showNotice(text) {
    if (!notice) {
      notice = document.createElement("div");
      notice.setAttribute("role", "status");
      notice.setAttribute("aria-live", "polite");
      notice.className = "kiosk-notice";
      notice.style.cssText =
        "position:fixed;left:50%;bottom:2rem;transform:translateX(-50%);z-index:2000;" +
        "background:#1f3a5f;color:#fff;font-size:1.4rem;font-weight:700;padding:1rem 2rem;" +
        "border-radius:1rem;box-shadow:0 .4rem 1.2rem rgba(0,0,0,.35);max-width:90vw;text-align:center;";
      body.appendChild(notice);
    }
    notice.textContent = text;
    notice.hidden = false;
  }

  function hideNotice() {
    if (notice) {
      notice.hidden = true;
    }
  }

  function flash(text) {
    showNotice(text);
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(hideNotice, 2500);
  }

  // --- idle --------------------------------------------------------------------------------------
  function atHome() {
    return window.location.pathname === home;
  }

  function resetHome() {
    var fields = document.querySelectorAll("input[type=search], input[type=text], textarea");
    for (var i = 0; i < fields.length; i++) {
      fields[i].value = "";
    }
    if (document.activeElement && document.activeElement.blur) {
      document.activeElement.blur();
    }
    window.scrollTo(0, 0);
  }

  function goHome() {
    if (atHome()) {
      resetHome();
      last = Date.now();
      hideNotice();
      return;
    }
    leaving = true;
    window.location.replace(home);
  }

  function activity() {
    last = Date.now();
    if (notice && !notice.hidden && !noticeTimer) {
      hideNotice();
    }
  }

  function check() {
    if (leaving) {
      return;
    }
    var left = idleMs - (Date.now() - last);
    if (left <= 0) {
      goHome();
    } else if (left <= warnMs && !atHome()) {
      clearTimeout(noticeTimer);
      noticeTimer = null;
      showNotice("长时间无操作," + Math.ceil(left / 1000) + " 秒后返回首页。点屏幕任意处继续使用。");
    }
  }

  ["pointerdown", "touchstart", "keydown", "wheel", "input", "scroll"].forEach(function (type) {
    document.addEventListener(type, activity, { capture: true, passive: true });
  });
  window.addEventListener("pageshow", function () {
    leaving = false;
    activity();
  });
  setInterval(check, Math.min(1000, Math.max(250, warnMs / 4)));

  // --- keep inside the public pages -------------------------------------------------------------
  function withKiosk(url) {
    if (inPortal(url) && !url.searchParams.has("kiosk")) {
      url.searchParams.set("kiosk", centre);
    }
    return url;
  }

  document.addEventListener(
    "click",
    function (event) {
      var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
      if (!link) {
        return;
      }
      var url;
      try {
        url = new URL(link.getAttribute("href"), window.location.href);
      } catch (e) {
        event.preventDefault();
        return;
      }
      if (!allowed(url)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        flash("触摸查询机上不能打开这个页面。");
        return;
      }
      link.removeAttribute("target"); // never a new window: the kiosk has no way back from it
      if (link.hasAttribute("download")) {
        event.preventDefault();
        return;
      }
      var target = withKiosk(url);
      if (target.href !== link.href) {
        event.preventDefault();
        window.location.assign(target.href);
      }
    },
    true
  );

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var url;
      try {
        url = new URL(form.getAttribute("action") || window.location.href, window.location.href);
      } catch (e) {
        event.preventDefault();
        return;
      }
      if (!allowed(url)) {
        event.preventDefault();
        flash("触摸查询机上不能提交到这个页面。");
        return;
      }
      form.removeAttribute("target");
      if (!inPortal(url)) {
        return;
      }
      if ((form.getAttribute("method") || "get").toLowerCase() === "get") {
        if (!form.querySelector("input[name=kiosk]")) {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = "kiosk";
          input.value = centre;
          form.appendChild(input);
        }
      } else {
        form.setAttribute("action", withKiosk(url).href);
      }
    },
    true
  );

  // Long-press menus, dragging links out and opening links in new windows.
  document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
  document.addEventListener("dragstart", function (event) { event.preventDefault(); });
  document.addEventListener("auxclick", function (event) { event.preventDefault(); }, true);
  window.open = function () { return null; };
})();
