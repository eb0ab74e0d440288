// The portal's own browser functions, called from the circuit.
window.portal = {
    // Remembers this browser's colour scheme for a year; "system" forgets it, so the page follows the system.
    rememberColorScheme: function (value) {
        var secure = location.protocol === "https:" ? "; secure" : "";
        if (value === "dark" || value === "light") {
            document.cookie = "portal-color-scheme=" + value + "; path=/; max-age=31536000; samesite=lax" + secure;
        } else {
            document.cookie = "portal-color-scheme=; path=/; max-age=0; samesite=lax" + secure;
        }
        document.documentElement.setAttribute("data-color-scheme", value);
    }
};

// The skip link moves the keyboard, not only the view, to the page's main content; it works before
// the circuit starts too.
document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.portal-skip-link");
    if (!link) {
        return;
    }
    var main = document.getElementById("main");
    if (main) {
        event.preventDefault();
        main.focus();
        main.scrollIntoView();
    }
});

// Puts the keyboard on the first element a selector finds, or on the fallback's; says whether it did.
window.portal.focus = function (selector, fallback) {
    var element = document.querySelector(selector) || (fallback ? document.querySelector(fallback) : null);
    if (!element) {
        return false;
    }
    if (!element.hasAttribute("tabindex") && !element.matches("a[href], button, input, select, textarea")) {
        element.setAttribute("tabindex", "-1");
    }
    element.focus();
    return true;
};

// The browser's time zone, for the server to show times in it from the first HTML of the next page.
(function () {
    try {
        var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (zone) {
            var secure = location.protocol === "https:" ? "; secure" : "";
            document.cookie = "portal-tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax" + secure;
        }
    } catch (e) {
        // No Intl: times stay in UTC.
    }
})();

// Keeps Tab and Shift+Tab inside an open modal region marked data-portal-trap, in the browser itself: a
// trap that asks the server where to go next lets a fast second key through while the answer travels.
document.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) {
        return;
    }
    var traps = document.querySelectorAll("[data-portal-trap]");
    if (traps.length === 0) {
        return;
    }
    var trap = traps[traps.length - 1];
    var selector = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), " +
        "textarea:not([disabled]), [tabindex]:not([tabindex='-1']), [contenteditable=true]";
    var focusable = Array.prototype.filter.call(trap.querySelectorAll(selector), function (element) {
        return element.tabIndex >= 0 && !element.closest("[inert]") && element.getClientRects().length > 0;
    });
    if (focusable.length === 0) {
        event.preventDefault();
        return;
    }
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    var active = document.activeElement;
    if (!trap.contains(active)) {
        if (active && active !== document.body) {
            return; // a dialog opened over the region holds the keyboard itself
        }
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
    } else if (event.shiftKey && (active === first || active === trap)) {
        event.preventDefault();
        last.focus();
    } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
    }
}, true);
