/** The dashboard: one static page that renders the snapshots pushed over server-sent events. */
export const DASHBOARD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Stream processor — live dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2330; background: #f6f7fb; }
  h1 { font-size: 1.3rem; margin: 0 0 .2rem; } h2 { font-size: 1.05rem; margin: 1.4rem 0 .5rem; }
  #status { font-size: .85rem; color: #667; } #status.live::before { content: "● "; color: #1a7f37; } #status.down::before { content: "● "; color: #c62828; }
  table { border-collapse: collapse; width: 100%; background: #fff; box-shadow: 0 1px 2px #0001; }
  th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e5e7ef; } th { background: #eef0f6; font-weight: 600; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .level-Low, .alert-low-stock { background: #fff6d6; } .level-Critical, .alert-critical-stock { background: #ffe1e1; }
  .alert-delayed-gold-order { background: #fbe9ff; } .alert-order-at-risk { background: #e3f0ff; }
  .empty { color: #889; font-style: italic; }
</style>
</head>
<body>
<h1>Stream processor — live dashboard</h1>
<div id="status" class="down">connecting…</div>
<h2>Active alerts (<span id="alert-count">0</span>)</h2>
<table id="alerts"><thead><tr><th>Type</th><th>Subject</th><th>Opened (event time)</th><th>Details</th></tr></thead><tbody></tbody></table>
<h2>Catalogue (<span id="product-count">0</span>)</h2>
<table id="catalogue"><thead><tr><th>Product</th><th>Name</th><th class="num">Price</th><th class="num">Stock</th><th>Level</th><th class="num">Rating</th><th class="num">Reviews</th></tr></thead><tbody></tbody></table>
<script>
const esc = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const details = (a) => a.type === 'order-at-risk'
  ? (a.details.shortItems || []).map((i) => esc(i.productId) + ': wants ' + i.quantity + ', stock ' + i.stock).join('; ')
  : a.type === 'delayed-gold-order' ? 'customer ' + esc(a.details.customerId) + ', placed ' + esc(a.details.placedAt)
  : esc(a.details.productName) + ' — stock ' + esc(a.details.stock);
// The view keeps the exact mean; two decimals are for display only.
const rating = (v) => (typeof v === 'number' ? v.toFixed(2) : '–');
function render(s) {
  document.getElementById('alert-count').textContent = s.alerts.total;
  document.getElementById('product-count').textContent = s.catalogue.total;
  document.querySelector('#alerts tbody').innerHTML = s.alerts.items.length === 0 ? '<tr><td colspan="4" class="empty">no active alerts</td></tr>'
    : s.alerts.items.map((a) => '<tr class="alert alert-' + a.type + '" data-alert-id="' + esc(a.id) + '"><td>' + esc(a.type) + '</td><td>' + esc(a.subjectId) + '</td><td>' + esc(a.openedAt) + '</td><td>' + details(a) + '</td></tr>').join('');
  document.querySelector('#catalogue tbody').innerHTML = s.catalogue.items.length === 0 ? '<tr><td colspan="7" class="empty">no products yet</td></tr>'
    : s.catalogue.items.map((p) => '<tr class="product level-' + esc(p.stockLevel) + '" data-product-id="' + esc(p.productId) + '"><td>' + esc(p.productId) + '</td><td>' + esc(p.name) + '</td><td class="num">' + esc(p.price) + '</td><td class="num stock">' + esc(p.stock) + '</td><td>' + esc(p.stockLevel) + '</td><td class="num">' + rating(p.averageRating) + '</td><td class="num">' + esc(p.reviewCount) + '</td></tr>').join('');
  const status = document.getElementById('status');
  status.className = 'live';
  status.textContent = 'live — updated ' + new Date(s.at).toLocaleTimeString();
}
const source = new EventSource('dashboard/stream');
source.addEventListener('snapshot', (e) => render(JSON.parse(e.data)));
source.onerror = () => { const s = document.getElementById('status'); s.className = 'down'; s.textContent = 'disconnected — reconnecting…'; };
</script>
</body>
</html>
`;
