/*
 * Hall display screen (电子显示屏, plan 四(一)2(3)): clock, notice rotation and data refresh.
 *
 * The TV browser stays on this page for weeks, so nothing may pile up: exactly three timers are
 * created once (clock, rotation, refresh) and never more; a refresh replaces the data block with
 * the fetched one (the old nodes are dropped, not kept), and a new fetch is not started while one
 * is still running. Settings come from <body data-data-url data-rotate data-refresh> (seconds).
 */
(function () {
  "use strict";

  var body = document.body;
  var dataUrl = body.getAttribute("data-data-url");
  var rotateMs = Math.max(1, Number(body.getAttribute("data-rotate")) || 12) * 1000;
  var refreshMs = Math.max(1, Number(body.getAttribute("data-refresh")) || 60) * 1000;
  var clockTime = document.getElementById("clock-time");
  var clockDate = document.getElementById("clock-date");
  var timers = { clock: null, rotate: null, refresh: null };
  var inFlight = false;
  var offsetMs = 0; // server clock minus this TV's clock: the TV's own clock is often wrong

  function root() {
    return document.getElementById("display-data");
  }

  function syncClock(block) {
    var server = Number(block && block.getAttribute("data-server-time"));
    if (server) {
      offsetMs = server - Date.now();
    }
  }

  // --- clock -------------------------------------------------------------------------------------
  var timeFormat, dateFormat;
  try {
    timeFormat = new Intl.DateTimeFormat("zh-CN", {
      timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23"
    });
    dateFormat = new Intl.DateTimeFormat("zh-CN", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric", weekday: "long"
    });
  } catch (e) {
    timeFormat = dateFormat = null;
  }

  function tick() {
    var now = new Date(Date.now() + offsetMs);
    if (timeFormat) {
      clockTime.textContent = timeFormat.format(now);
      clockDate.textContent = dateFormat.format(now);
    }
  }

  // --- notices -----------------------------------------------------------------------------------
  function notices() {
    var block = root();
    return block ? block.querySelectorAll(".notice[data-id]") : [];
  }

  function currentIndex(list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].classList.contains("is-current")) {
        return i;
      }
    }
    return -1;
  }

  function show(list, index, animate) {
    for (var i = 0; i < list.length; i++) {
      var on = i === index;
      list[i].classList.toggle("is-current", on);
      // Fade in only when the notice changes, not when a refresh swaps in the same one.
      list[i].classList.toggle("is-entering", on && Boolean(animate));
      if (on) {
        list[i].removeAttribute("aria-hidden");
      } else {
        list[i].setAttribute("aria-hidden", "true");
      }
    }
    var counter = root().querySelector(".notice-index");
    if (counter) {
      counter.textContent = String(index + 1);
    }
  }

  function rotate() {
    var list = notices();
    if (list.length > 1) {
      show(list, (currentIndex(list) + 1) % list.length, true);
    }
  }

  function restartRotation() {
    clearInterval(timers.rotate);
    timers.rotate = setInterval(rotate, rotateMs);
  }

  // --- refresh -----------------------------------------------------------------------------------
  function swapIn(html) {
    var old = root();
    var template = document.createElement("template");
    template.innerHTML = html;
    var fresh = template.content.querySelector("#display-data");
    if (!old || !fresh) {
      throw new Error("display data block missing");
    }
    // Keep showing the same notice if it is still current, so a refresh never restarts the loop
    // (with a 12 s rotation and a 60 s refresh, later notices would otherwise never be shown).
    var before = notices();
    var index = currentIndex(before);
    var keepId = index >= 0 ? before[index].getAttribute("data-id") : null;
    old.replaceWith(fresh);
    var list = notices();
    if (list.length) {
      var keep = 0;
      for (var i = 0; i < list.length; i++) {
        if (list[i].getAttribute("data-id") === keepId) {
          keep = i;
        }
      }
      show(list, keep);
    }
    syncClock(fresh);
    body.setAttribute("data-refreshed", String(Number(body.getAttribute("data-refreshed") || 0) + 1));
  }

  function refresh() {
    if (inFlight || !dataUrl) {
      return;
    }
    inFlight = true;
    var controller = window.AbortController ? new AbortController() : null;
    var abort = setTimeout(function () {
      if (controller) {
        controller.abort();
      }
    }, Math.min(refreshMs, 30000));
    fetch(dataUrl, {
      cache: "no-store",
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      signal: controller ? controller.signal : undefined
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        swapIn(html);
        body.classList.remove("is-offline");
      })
      .catch(function () {
        body.classList.add("is-offline"); // keep the last data on screen and try again next time
      })
      .then(function () {
        clearTimeout(abort);
        inFlight = false;
      });
  }

  function start() {
    document.documentElement.classList.add("js");
    syncClock(root());
    var list = notices();
    if (list.length > 1 && currentIndex(list) !== 0) {
      show(list, 0); // the server picked one for screens without JavaScript; start the loop at the first
    }
    tick();
    timers.clock = setInterval(tick, 1000);
    restartRotation();
    timers.refresh = setInterval(refresh, refreshMs);
  }

  window.bianminDisplay = {
    timers: timers,
    refresh: refresh
  };

  start();
})();
