/*
 * The hall display's calling panel (叫号, plan 四(一)2(3) 电子显示屏): new calls on screen and spoken.
 *
 * Left on for weeks, so nothing may pile up: one interval timer, created once, polls
 * <script data-calls-url> every data-poll seconds with ?after=<last call announced>; the panel
 * (#queue-calls) is replaced by the fetched one (old nodes dropped), a new fetch never starts while
 * one runs, at most MAX_PENDING announcements wait, and one <audio> element plays them in turn.
 *
 * Speech works offline: the server's announcement (espeak-ng, /display/<c>/audio/A023-3.wav). If that
 * file cannot be had (the engine is not installed: HTTP 503), the browser's own voice says the
 * sentence when it has a Chinese one (speechSynthesis); otherwise the call is shown without sound.
 * A browser that blocks sound until someone touches the screen gets a notice asking for one touch
 * (or start Chromium with --autoplay-policy=no-user-gesture-required on the hall's TV).
 */
(function () {
  "use strict";

  var MAX_PENDING = 6;
  var script = document.currentScript;
  var url = script && script.getAttribute("data-calls-url");
  var pollMs = Math.max(1, Number(script && script.getAttribute("data-poll")) || 3) * 1000;
  var body = document.body;
  var timers = { poll: null, gap: null };
  var pending = [];
  var playing = false;
  var inFlight = false;
  var player = new Audio();
  var unlock = null;
  var root = function () { return document.getElementById("queue-calls"); };
  var lastId = Number((root() && root().getAttribute("data-last")) || 0);
  if (!url || !root()) {
    return;
  }
  player.preload = "auto";

  // --- speaking ------------------------------------------------------------------------------------
  function chineseVoice() {
    if (!window.speechSynthesis || !window.speechSynthesis.getVoices) {
      return null;
    }
    var voices = window.speechSynthesis.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (/^zh/i.test(voices[i].lang)) {
        return voices[i];
      }
    }
    return null;
  }

  function finished() {
    playing = false;
    clearTimeout(timers.gap);
    timers.gap = setTimeout(next, 600); // a breath between two announcements
  }

  function speakInstead(item) {
    var voice = chineseVoice();
    if (!voice) {
      body.setAttribute("data-last-spoken", "none:" + item.id);
      finished();
      return;
    }
    var utterance = new SpeechSynthesisUtterance(item.text + "。" + item.text);
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.85;
    utterance.onend = finished;
    utterance.onerror = finished;
    body.setAttribute("data-last-spoken", "voice:" + item.id);
    window.speechSynthesis.speak(utterance);
  }

  function askForTouch() {
    if (!unlock) {
      unlock = document.createElement("div");
      unlock.className = "sound-unlock";
      unlock.setAttribute("role", "button");
      unlock.textContent = "点击屏幕任意处,开启语音叫号";
      body.appendChild(unlock);
      document.addEventListener("click", function () {
        unlock.hidden = true;
        if (!playing) {
          next();
        }
      });
    }
    unlock.hidden = false;
  }

  function next() {
    if (playing || !pending.length) {
      return;
    }
    var item = pending[0];
    playing = true;
    player.onended = function () {
      body.setAttribute("data-last-spoken", "audio:" + item.id);
      finished();
    };
    player.onerror = function () {
      pending.shift();
      speakInstead(item);
    };
    player.src = item.audio;
    var started = player.play();
    if (started && started.then) {
      started.then(
        function () {
          pending.shift();
        },
        function (error) {
          playing = false;
          if (error && error.name === "NotAllowedError") {
            askForTouch(); // keep the item: it plays after the touch
          } else {
            pending.shift();
            speakInstead(item);
          }
        }
      );
    } else {
      pending.shift();
    }
  }

  function announce(items) {
    for (var i = 0; i < items.length; i++) {
      if (items[i].id > lastId) {
        pending.push(items[i]);
        lastId = items[i].id;
      }
    }
    while (pending.length > MAX_PENDING) {
      pending.splice(playing ? 1 : 0, 1); // a long backlog: the oldest calls are dropped, not the one playing
    }
    next();
  }

  // --- polling -------------------------------------------------------------------------------------
  function swapIn(html) {
    var old = root();
    var template = document.createElement("template");
    template.innerHTML = html;
    var fresh = template.content.querySelector("#queue-calls");
    if (!old || !fresh) {
      throw new Error("calls block missing");
    }
    var oldLatest = old.querySelector(".call-latest");
    var newLatest = fresh.querySelector(".call-latest");
    if (newLatest && oldLatest && newLatest.getAttribute("data-event") !== oldLatest.getAttribute("data-event")) {
      newLatest.classList.add("is-new");
    }
    old.replaceWith(fresh);
    var items = [];
    try {
      items = JSON.parse(fresh.getAttribute("data-announce") || "[]");
    } catch (e) {
      items = [];
    }
    announce(items);
    lastId = Math.max(lastId, Number(fresh.getAttribute("data-last")) || 0);
    body.setAttribute("data-calls-refreshed", String(Number(body.getAttribute("data-calls-refreshed") || 0) + 1));
  }

  function poll() {
    if (inFlight) {
      return;
    }
    inFlight = true;
    var controller = window.AbortController ? new AbortController() : null;
    var abort = setTimeout(function () {
      if (controller) {
        controller.abort();
      }
    }, Math.max(pollMs * 2, 5000));
    fetch(url + "?after=" + lastId, {
      cache: "no-store",
      credentials: "same-origin",
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
        body.classList.remove("calls-offline");
      })
      .catch(function () {
        body.classList.add("calls-offline"); // keep the last calls on screen; try again next time
      })
      .then(function () {
        clearTimeout(abort);
        inFlight = false;
      });
  }

  timers.poll = setInterval(poll, pollMs);
  window.bianminCalls = { timers: timers, pending: pending, poll: poll, player: player };
})();
