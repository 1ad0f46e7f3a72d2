// Only enhances the page, which works without it: answers while typing, asks and votes without a reload.
(function () {
  "use strict";
  var form = document.querySelector("form.ask");
  var answer = document.getElementById("answer");
  if (!form || !answer || !window.fetch || !window.URLSearchParams) return;
  var input = form.elements.q;
  var timer = null;
  var shown = input.value.trim();
  var latest = 0;

  // live: an answer shown while typing, which the server neither logs nor offers 👍/👎 for.
  function load(question, live) {
    var ticket = ++latest;
    var query = new URLSearchParams({ q: question });
    if (live) query.set("live", "1");
    return fetch("/answer?" + query, { headers: { Accept: "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (ticket === latest) answer.innerHTML = html; // the server escaped everything in it
      });
  }

  input.addEventListener("input", function (event) {
    if (event.isComposing) return; // a Chinese input method is still composing the word
    clearTimeout(timer);
    var question = input.value.trim();
    if (!question || question === shown) return;
    timer = setTimeout(function () {
      shown = question;
      load(question, true);
    }, 400);
  });

  form.addEventListener("submit", function (event) {
    var question = input.value.trim();
    if (!question) return;
    event.preventDefault();
    clearTimeout(timer);
    shown = question;
    load(question, false).then(function () {
      history.pushState(null, "", "/?" + new URLSearchParams({ q: question }));
      document.title = question + " · 政策问答";
    });
  });

  answer.addEventListener("submit", function (event) {
    var vote = event.target;
    if (!vote.classList.contains("feedback")) return;
    event.preventDefault();
    var data = new URLSearchParams(new FormData(vote, event.submitter));
    fetch(vote.action, { method: "POST", body: data, headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (result) {
        var thanks = document.createElement("p");
        thanks.className = "thanks";
        thanks.textContent = result.recorded ? "谢谢反馈!" : "这条记录已过期。";
        vote.replaceWith(thanks);
      });
  });

  window.addEventListener("popstate", function () {
    var question = new URLSearchParams(location.search).get("q") || "";
    input.value = question;
    shown = question;
    if (question) load(question, true);
  });
})();
