/* Sportello: the "new request" form on any page. <script src="https://support.example.com/embed.js" data-lang="it" async></script> */
(function () {
  var me = document.currentScript;
  var origin = new URL(me.src).origin;
  var frame = document.createElement("iframe");
  frame.src = origin + "/form" + (me.dataset.lang ? "?lang=" + encodeURIComponent(me.dataset.lang) : "");
  frame.title = me.dataset.title || "Sportello";
  frame.style.cssText = "width:100%;max-width:640px;border:0;height:640px;display:block";
  frame.setAttribute("loading", "lazy");
  me.parentNode.insertBefore(frame, me.nextSibling);
  window.addEventListener("message", function (e) {
    if (e.origin === origin && e.data && e.data.sportello === "height") frame.style.height = e.data.height + "px";
  });
})();
