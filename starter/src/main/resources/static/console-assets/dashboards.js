// Draws the operations dashboard's charts from the JSON the page carries (the API's own answer).
(function () {
  const data = JSON.parse(document.getElementById('dashboard-data').textContent);
  const bar = (id, points, label) => {
    const canvas = document.getElementById(id);
    if (!canvas || !points) { return; }
    new Chart(canvas, {
      type: 'bar',
      data: { labels: points.map(p => p.label), datasets: [{ label: label, data: points.map(p => p.value) }] },
      options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
    });
  };
  bar('chart-exceptions-owner', data.openExceptions && data.openExceptions.byOwnerTeam, 'open exceptions');
  bar('chart-exceptions-age', data.openExceptions && data.openExceptions.byAge, 'open exceptions');
  const windows = (data.provisioningFailures && data.provisioningFailures.windows) || [];
  const widest = windows[windows.length - 1];
  bar('chart-provisioning', widest && widest.byCause, 'provisioning failures');
  bar('chart-unbilled', data.unbilledWork && data.unbilledWork.byAge, 'unbilled entries');
  bar('chart-rejections', data.invoiceRejections && data.invoiceRejections.byWindow, 'invoice rejections');
  document.body.setAttribute('data-charts', 'drawn');
})();
