// On a narrow screen, the header's menus fold behind a « Menu » button so that the page's title shows on the
// first screen. Without this script the menus stay open: nothing is out of reach.
(() => {
  const button = document.querySelector(".portal-menu-button");
  if (!button) return;
  const header = button.closest(".portal-header");
  header.classList.add("portal-header--foldable");
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    header.classList.toggle("portal-header--open", open);
  });
})();
