// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  // The browser's time zone, so a time typed in a form means the person's time, not the server's
  // (a form showing a stored time says its zone already: data-fixed).
  for (const zone of document.querySelectorAll("input[name=tz]:not([data-fixed])")) {
    zone.value = String(-new Date().getTimezoneOffset());
  }
  // A live count under long text boxes: nothing typed is cut, so say when it is too long.
  for (const box of document.querySelectorAll("textarea[data-max]")) {
    const max = Number(box.dataset.max);
    const counter = document.createElement("p");
    counter.className = "counter";
    counter.id = box.id + "-counter";
    box.after(counter);
    box.setAttribute("aria-describedby", `${box.getAttribute("aria-describedby") || ""} ${counter.id}`.trim());
    const update = () => {
      const length = [...box.value].length; // characters, as the server counts them
      const over = length - max;
      counter.classList.toggle("over", over > 0);
      // the words come from the page, in its language: {over}, {length} and {max} filled in here
      const words = over > 0 ? document.body.dataset.counterOver : document.body.dataset.counter;
      const numbers = { over, length, max };
      counter.textContent = (words || "").replace(/\{(over|length|max)\}/g,
        (_, name) => numbers[name].toLocaleString(document.documentElement.lang || "en"));
    };
    box.addEventListener("input", update);
    update();
  }
});
