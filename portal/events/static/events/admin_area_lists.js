// The event form's province › district › sub-district lists narrow as they are chosen, as on the
// volunteer profile; without JavaScript the "update the lists" button does it through the server.
document.addEventListener("DOMContentLoaded", () => {
  const refresh = document.querySelector("[data-refresh-areas]");
  const form = refresh && refresh.form;
  if (!form || !window.fetch) return;
  const province = form.querySelector("[name=province_code]");
  const district = form.querySelector("[name=district_code]");
  const subdistrict = form.querySelector("[name=subdistrict_code]");
  if (!province || !district || !subdistrict) return;
  refresh.hidden = true;
  const fill = (select, query) => {
    select.length = 1;
    if (!query) return;
    fetch(`${refresh.dataset.optionsUrl}?${query}`, { headers: { Accept: "application/json" } })
      .then((response) => response.json())
      .then((data) => data.options.forEach(([value, label]) => select.add(new Option(label, value))));
  };
  province.addEventListener("change", () => {
    fill(subdistrict, "");
    fill(district, province.value ? `province=${encodeURIComponent(province.value)}` : "");
  });
  district.addEventListener("change", () => {
    fill(subdistrict, district.value ? `district=${encodeURIComponent(district.value)}` : "");
  });
});
