// The sign-up listing's filters and search reload only the results and update the address bar;
// the export buttons above them take the page's current query at the moment they are clicked, plus
// what the button itself adds (data-export-with-filters="per=activity").
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-export-with-filters]");
  if (!link) return;
  const query = new URLSearchParams(window.location.search);
  query.delete("p");
  for (const [name, value] of new URLSearchParams(link.dataset.exportWithFilters)) query.set(name, value);
  const url = new URL(link.href, window.location.href);
  url.search = query.toString();
  link.href = url.toString();
});
