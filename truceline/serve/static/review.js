/* Name pickers for the review forms: an actor is typed by name and picked from the store's actors
   (/api/lookup/actors), a place from the gazetteer (/api/lookup/places). Without this script the same
   inputs still take a name (the server resolves it, and says when it cannot). */
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () { var args = arguments; clearTimeout(timer); timer = setTimeout(function () { fn.apply(null, args); }, ms); };
  }

  function attach(input) {
    var many = input.dataset.many === "1";
    var isPlace = input.classList.contains("pick-place");
    var ref = isPlace ? input.parentNode.querySelector("input[name=place_ref]") : null;
    var list = document.createElement("ul");
    list.className = "suggest";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("aria-autocomplete", "list");
    var active = -1;

    function current() {
      if (!many) { return input.value.trim(); }
      var parts = input.value.split(";");
      return parts[parts.length - 1].trim();
    }

    function choose(item) {
      if (isPlace) {
        input.value = item.label;
        if (ref) { ref.value = item.ref; }
      } else if (many) {
        var parts = input.value.split(";").map(function (s) { return s.trim(); }).filter(function (s) { return s; });
        parts.pop();
        parts.push(item.value);
        input.value = parts.join("; ") + "; ";
      } else {
        input.value = item.value;
      }
      list.hidden = true;
      list.textContent = "";
      input.focus();
    }

    function show(items) {
      list.textContent = "";
      active = -1;
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.setAttribute("role", "option");
        li.textContent = item.label;
        li.dataset.value = isPlace ? item.ref : item.value;
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(item); });
        list.appendChild(li);
      });
      list.hidden = items.length === 0;
      list._items = items;
    }

    var lookup = debounce(function () {
      var q = current();
      if (q.length < 2) { show([]); return; }
      fetch(input.dataset.lookup + "?q=" + encodeURIComponent(q) + "&limit=10", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (current() === q) { show(items); } })
        .catch(function () { show([]); });
    }, 150);

    input.addEventListener("input", function () {
      if (ref) { ref.value = ""; }  // typed over a picked place: the name is sent instead
      lookup();
    });
    input.addEventListener("keydown", function (ev) {
      var items = list._items || [];
      if (list.hidden || !items.length) { return; }
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        active = (active + (ev.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        Array.prototype.forEach.call(list.children, function (li, n) { li.classList.toggle("active", n === active); });
      } else if (ev.key === "Enter" && active >= 0) {
        ev.preventDefault();
        choose(items[active]);
      } else if (ev.key === "Escape") {
        list.hidden = true;
      }
    });
    input.addEventListener("blur", function () { setTimeout(function () { list.hidden = true; }, 150); });
  }

  document.querySelectorAll("input.pick-actor, input.pick-place").forEach(attach);
})();
