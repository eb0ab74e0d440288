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
