/** The page's only stylesheet, inlined: no fonts, no CDN, light and dark themes, cards on narrow screens. */
export const HTML_STYLE = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1b1f24;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--accent:#0969da;--hit:#fff8c5;
--b2:#1a7f37;--b4:#9a6700;--b4bg:#fff8c5;--b5:#cf222e;--b5bg:#ffebe9;--b429:#8250df;--b429bg:#fbefff;--b4xxbg:#fff1e5;--b4xx:#bc4c00}
:root[data-theme=dark]{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#151b23;--accent:#4493f8;--hit:#3b2e00;
--b4:#d29922;--b4bg:#2e2400;--b5:#ff7b72;--b5bg:#3c1618;--b429:#d2a8ff;--b429bg:#2d1f45;--b4xxbg:#3a2008;--b4xx:#f0883e}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#151b23;--accent:#4493f8;--hit:#3b2e00;
--b4:#d29922;--b4bg:#2e2400;--b5:#ff7b72;--b5bg:#3c1618;--b429:#d2a8ff;--b429bg:#2d1f45;--b4xxbg:#3a2008;--b4xx:#f0883e}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1100px;margin:0 auto;padding:16px}
header.top{position:sticky;top:0;z-index:2;background:var(--bg);border-bottom:1px solid var(--line);padding:10px 16px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}
header.top h1{font-size:1.25rem;margin:0;flex:1 1 auto}
#fl-search{flex:1 1 260px;min-width:0;padding:8px 10px;font:inherit;color:inherit;background:var(--panel);border:1px solid var(--line);border-radius:6px}
button{font:inherit;color:inherit;background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:6px 10px;cursor:pointer}
h2{margin-top:2rem;font-size:1.15rem}
pre{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:12px;overflow:auto;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
table{width:100%;border-collapse:collapse;margin:8px 0 16px}
th,td{text-align:left;vertical-align:top;padding:8px;border-bottom:1px solid var(--line)}
th{color:var(--muted);font-weight:600;font-size:.85rem}
tr.code-row{scroll-margin-top:80px}
tr.code-row:target,tr.code-row.fl-target{background:var(--hit);outline:2px solid var(--accent)}
.code-cell{white-space:nowrap}
.copy{margin-left:6px;padding:0 6px;font-size:.8rem;opacity:.6}
.copy:hover,.copy:focus{opacity:1}
.badge{display:inline-block;min-width:3.2em;text-align:center;border-radius:999px;padding:1px 8px;font-weight:600;font-size:.85rem}
.s4xx{background:var(--b4xxbg);color:var(--b4xx)}
.s429{background:var(--b429bg);color:var(--b429)}
.s5xx{background:var(--b5bg);color:var(--b5)}
.deprecated{color:var(--muted);font-style:italic}
.muted{color:var(--muted)}
#fl-empty{display:none;padding:12px;color:var(--muted)}
#fl-empty.show{display:block}
.hidden{display:none}
@media (max-width:700px){
 table.cards thead{display:none}
 table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;width:100%}
 table.cards tr{border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:6px}
 table.cards td{border:0;padding:4px 6px}
 table.cards td::before{content:attr(data-label);display:block;color:var(--muted);font-size:.75rem;font-weight:600}
 .code-cell{white-space:normal;word-break:break-all}
}
`
