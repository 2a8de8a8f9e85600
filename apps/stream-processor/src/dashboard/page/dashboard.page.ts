import { DASHBOARD_SCRIPT } from './dashboard.script';

const panel = (id: string, title: string, view: string, head: string[]): string =>
  `<section class="panel" id="${id}"><header><h2>${title} <span class="count">0</span></h2><span class="lag" data-view="${view}">lag ?</span></header>` +
  `<table><thead><tr>${head.map((h) => `<th${h.startsWith('#') ? ' class="num"' : ''}>${h.replace('#', '')}</th>`).join('')}</tr></thead><tbody></tbody></table></section>`;

/** The dashboard: one page without external resources, rendering what the shared feed pushes over server-sent events. */
export const DASHBOARD_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Stream processor — live dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
  body { font: 13px/1.35 system-ui, sans-serif; margin: 1rem 1.2rem; color: #1d2330; background: #f4f5f9; }
  h1 { font-size: 1.2rem; margin: 0; display: inline-block; } h2 { font-size: .95rem; margin: 0; }
  .bar { display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; margin-bottom: .8rem; }
  #status, #views { font-size: .85rem; color: #556; } #status.live::before { content: "● "; color: #1a7f37; }
  #status.down::before, #status.refused::before { content: "● "; color: #c62828; } #status.stale::before { content: "● "; color: #d48a00; }
  .grid { display: grid; grid-template-columns: minmax(0, 1.12fr) minmax(0, 1fr); gap: .8rem; }
  .panel { background: #fff; border-radius: 6px; box-shadow: 0 1px 2px #0002; overflow: auto; max-height: 17rem; }
  .panel header { display: flex; justify-content: space-between; align-items: baseline; padding: .5rem .7rem; border-bottom: 1px solid #e5e7ef; position: sticky; top: 0; background: #fff; }
  .count { display: inline-block; min-width: 1.4em; padding: 0 .35em; border-radius: 9px; background: #e7eaf3; text-align: center; }
  .lag { font-size: .75rem; padding: 0 .4em; border-radius: 4px; background: #eee; color: #667; }
  .lag.ok { background: #dcf5e3; color: #1a7f37; } .lag.behind { background: #fff0c8; color: #8a5a00; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .28rem .45rem; border-bottom: 1px solid #eef0f5; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 8.5rem; }
  td:first-child { max-width: 7rem; } td.short { white-space: normal; max-width: none; }
  th { font-weight: 600; color: #556; } .num { text-align: right; font-variant-numeric: tabular-nums; }
  .level-Low { color: #8a5a00; } .level-Critical { color: #c62828; font-weight: 600; } .empty { color: #889; font-style: italic; }
  @keyframes flash { from { background: #ffe66d; } to { background: transparent; } }
  .changed, .count.changed { animation: flash 3s ease-out; }
  #notifications { list-style: none; margin: 0; padding: 0; } #notifications li { padding: .3rem .7rem; border-bottom: 1px solid #eef0f5; }
  .type { font-weight: 600; } .type-LowStock { color: #8a5a00; } .type-CriticalStock { color: #c62828; } .type-StockRecovered { color: #1a7f37; }
  .time { color: #889; font-size: .8rem; float: right; }
</style>
</head>
<body>
<div class="bar"><h1>Stream processor — live dashboard</h1><span id="status" class="down">connecting…</span><span id="views"></span></div>
<div class="grid">
${panel('catalogue', 'Catalogue', 'catalogue', ['Product', 'Name', '#Price', '#Stock', 'Level', '#Rating', '#Reviews'])}
<section class="panel" id="notifications-panel"><header><h2>Stock notifications <span class="count">0</span></h2><span class="lag" id="notifications-since">not listening yet</span></header><ol id="notifications"></ol></section>
${panel('lowStock', 'Low stock', 'alerts', ['Product', 'Name', '#Stock', 'Since'])}
${panel('criticalStock', 'Critical stock', 'alerts', ['Product', 'Name', '#Stock', 'Since'])}
${panel('delayedOrders', 'Delayed Gold orders', 'alerts', ['Order', 'Customer', 'Placed', '#Delayed for'])}
${panel('ordersAtRisk', 'Orders at risk', 'alerts', ['Order', 'Customer', 'Short items'])}
</div>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;
