// A « Print » button for pages that people keep on paper (data-print).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
