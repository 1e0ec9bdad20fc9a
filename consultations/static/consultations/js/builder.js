/* The questionnaire builder, enhanced (consultations/templates/consultations/edit_questions.html).

Without this file every button ("add another", move up/down, duplicate, remove)
is a submit button the server answers with the operation applied. With it,
the same operations happen in the page: forms are cloned from the formset's
empty form, renumbered (names, ids, labels, button values) and TOTAL_FORMS
updated, so that "Save" posts the same fields a server round trip would have.
The server stays authoritative: it validates the posted order and items as
before. Moves keep focus on the moved item's button and are announced in a
polite live region; a drag handle (pointer events) reorders by mouse or touch,
and the arrow keys on the handle reorder by keyboard. When organisations have
already responded (data-locked), adding, duplicating and removing stay server
round trips, which apply the rules for answered questionnaires.
*/
(function () {
  "use strict";
  var form = document.querySelector("form.question-builder");
  if (!form || typeof window.gettext !== "function") {
    return;
  }
  var gettext = window.gettext;
  var interpolate = window.interpolate;
  var prefix = form.getAttribute("data-prefix");
  var max = parseInt(form.getAttribute("data-max"), 10) || 100;
  var locked = form.hasAttribute("data-locked");
  var list = form.querySelector(".builder-items");
  var total = form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
  var template = document.getElementById("builder-empty-item");
  var status = document.getElementById("builder-status");
  var indexPattern = new RegExp(prefix + "-(\\d+|__prefix__)-", "g");
  var ATTRIBUTES = ["name", "id", "for", "aria-describedby", "aria-labelledby"];
  var OPS = ["up", "down", "duplicate", "remove"];

  function texts(kind, n) {
    var messages = {
      up: gettext("Move item %(n)s up"),
      down: gettext("Move item %(n)s down"),
      duplicate: gettext("Duplicate item %(n)s"),
      remove: gettext("Remove item %(n)s"),
      legend: gettext("Item %(n)s"),
      group: gettext("Actions on item %(n)s"),
      handle: gettext("Reorder item %(n)s: drag, or press the up and down arrow keys")
    };
    return interpolate(messages[kind], { n: n }, true);
  }

  function items() {
    return Array.prototype.slice.call(list.children).filter(function (el) {
      return el.classList.contains("builder-item");
    });
  }

  function announce(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function button(li, op) {
    return li.querySelector('.builder-actions [data-op="' + op + '"]');
  }

  /* Every item gets all four buttons (the server leaves out "up" on the
     first and "down" on the last; renumber() hides those) and a handle. */
  function enhance(li) {
    var group = li.querySelector(".builder-actions");
    OPS.forEach(function (op, position) {
      if (button(li, op)) {
        return;
      }
      var added = document.createElement("button");
      added.type = "submit";
      added.name = "op";
      added.className = "button-secondary";
      added.setAttribute("data-op", op);
      var next = null;
      for (var k = position + 1; k < OPS.length && !next; k++) {
        next = button(li, OPS[k]);
      }
      group.insertBefore(added, next);
    });
    if (!group.querySelector(".drag-handle")) {
      var handle = document.createElement("button");
      handle.type = "button";
      handle.className = "button-secondary drag-handle";
      handle.textContent = "\u2195";
      group.insertBefore(handle, group.firstChild);
      handle.addEventListener("keydown", onHandleKey);
      handle.addEventListener("pointerdown", onPointerDown);
    }
  }

  function renumber() {
    var all = items();
    all.forEach(function (li, index) {
      var n = index + 1;
      li.querySelectorAll("*").forEach(function (el) {
        ATTRIBUTES.forEach(function (attribute) {
          var value = el.getAttribute(attribute);
          if (value && value.indexOf(prefix + "-") !== -1) {
            el.setAttribute(attribute, value.replace(indexPattern, prefix + "-" + index + "-"));
          }
        });
      });
      li.querySelector("legend").textContent = texts("legend", n);
      var group = li.querySelector(".builder-actions");
      group.setAttribute("aria-label", texts("group", n));
      OPS.forEach(function (op) {
        var b = button(li, op);
        b.value = op + "-" + index;
        b.textContent = texts(op, n);
        b.hidden = (op === "up" && index === 0) || (op === "down" && index === all.length - 1);
      });
      var handle = group.querySelector(".drag-handle");
      handle.setAttribute("aria-label", texts("handle", n));
      handle.hidden = all.length < 2;
    });
    total.value = String(all.length);
  }

  function announcePosition(li) {
    var all = items();
    announce(interpolate(gettext("Item moved to position %(position)s of %(count)s."), {
      position: all.indexOf(li) + 1,
      count: all.length
    }, true));
  }

  function move(li, delta, focusOp) {
    var all = items();
    var from = all.indexOf(li);
    var to = from + delta;
    if (to < 0 || to >= all.length) {
      return;
    }
    list.insertBefore(li, delta < 0 ? all[to] : all[to].nextSibling);
    renumber();
    var target = focusOp === "handle" ? li.querySelector(".drag-handle") : button(li, focusOp);
    if (target.hidden) {
      target = button(li, focusOp === "up" ? "down" : "up");
    }
    target.focus();
    announcePosition(li);
  }

  function firstField(li) {
    return li.querySelector("input:not([type=hidden]), select, textarea");
  }

  function add() {
    var fragment = template.content.cloneNode(true);
    var li = fragment.querySelector(".builder-item");
    list.appendChild(li);
    enhance(li);
    renumber();
    firstField(li).focus();
    announce(interpolate(gettext("Item %(n)s added."), { n: items().length }, true));
  }

  function copyValues(source, target) {
    var from = source.querySelectorAll("input, select, textarea");
    var to = target.querySelectorAll("input, select, textarea");
    for (var i = 0; i < from.length && i < to.length; i++) {
      if (from[i].type === "checkbox" || from[i].type === "radio") {
        to[i].checked = from[i].checked;
      } else {
        to[i].value = from[i].value;
      }
    }
  }

  function duplicate(li) {
    var copy = li.cloneNode(true);
    copyValues(li, copy);
    var id = copy.querySelector('input[name$="-id"]');
    if (id) {
      id.value = "";
    }
    copy.querySelectorAll(".errorlist, .form-errors").forEach(function (el) { el.remove(); });
    copy.classList.remove("is-dragging");
    list.insertBefore(copy, li.nextSibling);
    var handle = copy.querySelector(".drag-handle");
    if (handle) {
      handle.remove(); // a clone has no listeners: enhance() adds a working one
    }
    enhance(copy);
    renumber();
    firstField(copy).focus();
    var all = items();
    announce(interpolate(gettext("Item %(n)s duplicated as item %(copy)s."), {
      n: all.indexOf(li) + 1,
      copy: all.indexOf(copy) + 1
    }, true));
  }

  function remove(li) {
    var all = items();
    var index = all.indexOf(li);
    li.remove();
    renumber();
    var rest = items();
    var next = rest[Math.min(index, rest.length - 1)];
    var focus = next ? button(next, "remove") : form.querySelector('button[value="add"]');
    if (focus) {
      focus.focus();
    }
    announce(interpolate(gettext("Item %(n)s removed."), { n: index + 1 }, true));
  }

  form.addEventListener("click", function (event) {
    var pressed = event.target.closest('button[name="op"]');
    if (!pressed) {
      return;
    }
    var value = pressed.value;
    if (value === "add") {
      if (!locked && items().length < max) {
        event.preventDefault();
        add();
      }
      return;
    }
    var match = /^(up|down|duplicate|remove)-\d+$/.exec(value);
    var li = pressed.closest(".builder-item");
    if (!match || !li) {
      return;
    }
    var op = match[1];
    if (op === "up" || op === "down") {
      event.preventDefault();
      move(li, op === "up" ? -1 : 1, op);
    } else if (op === "duplicate" && !locked && items().length < max) {
      event.preventDefault();
      duplicate(li);
    } else if (op === "remove" && !locked) {
      event.preventDefault();
      remove(li);
    }
  });

  function onHandleKey(event) {
    var li = event.currentTarget.closest(".builder-item");
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      move(li, event.key === "ArrowUp" ? -1 : 1, "handle");
    }
  }

  var dragging = null;

  function onPointerDown(event) {
    if (event.button !== 0) {
      return;
    }
    event.preventDefault();
    dragging = event.currentTarget.closest(".builder-item");
    dragging.classList.add("is-dragging");
    // On the document, not the handle: moving the item in the DOM would
    // release a pointer capture on the handle.
    document.addEventListener("pointermove", onPointerMove);
    document.addEventListener("pointerup", onPointerEnd);
    document.addEventListener("pointercancel", onPointerEnd);
  }

  function onPointerMove(event) {
    if (!dragging) {
      return;
    }
    // Items are tall: near the window's edges, scroll along.
    if (event.clientY < 48) {
      window.scrollBy(0, -24);
    } else if (event.clientY > window.innerHeight - 48) {
      window.scrollBy(0, 24);
    }
    var all = items();
    var over = null;
    for (var i = 0; i < all.length; i++) {
      var box = all[i].getBoundingClientRect();
      if (event.clientY >= box.top && event.clientY <= box.bottom) {
        over = all[i];
        break;
      }
    }
    if (!over || over === dragging) {
      return;
    }
    var rect = over.getBoundingClientRect();
    var lowerHalf = event.clientY > rect.top + rect.height / 2;
    var from = all.indexOf(dragging);
    var to = all.indexOf(over);
    if (to > from && lowerHalf) {
      list.insertBefore(dragging, over.nextSibling);
    } else if (to < from && !lowerHalf) {
      list.insertBefore(dragging, over);
    }
  }

  function onPointerEnd() {
    if (!dragging) {
      return;
    }
    var li = dragging;
    dragging = null;
    li.classList.remove("is-dragging");
    document.removeEventListener("pointermove", onPointerMove);
    document.removeEventListener("pointerup", onPointerEnd);
    document.removeEventListener("pointercancel", onPointerEnd);
    renumber();
    li.querySelector(".drag-handle").focus();
    announcePosition(li);
  }

  items().forEach(enhance);
  renumber();
})();
