#include "report/html_theme.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "report/display.hpp"
#include "table_text.hpp"
#include "vrs/client/report/render.hpp"

namespace vrs::client::report {

namespace {

constexpr const char* kCss = R"css(
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f4f6f8;--accent:#0b3d5c;--inc:#0072b2;--mig:#d55e00;--own:#6a3d9a}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:14px/1.45 "DejaVu Sans","Segoe UI",Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg)}
.masthead{background:var(--accent);color:#fff;padding:22px 32px 18px}
.masthead .kicker{text-transform:uppercase;letter-spacing:.08em;font-size:11px;opacity:.8}
.masthead h1{margin:4px 0 2px;font-size:26px;font-weight:700}
.masthead .sub{margin:0 0 12px;opacity:.9}
.meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:4px 24px;margin:0}
.meta div{display:flex;gap:8px}
.meta dt{min-width:104px;opacity:.75}
.meta dd{margin:0;font-weight:600;word-break:break-word}
main{max-width:1200px;margin:0 auto;padding:8px 24px 24px}
.banner{margin:16px 0;padding:12px 16px;border-left:6px solid #b54708;background:#fffaeb;border-radius:4px}
.banner strong{color:#93370d}
nav.toc{margin:16px 0;font-size:13px;display:flex;flex-wrap:wrap;gap:4px 16px}
nav.toc a{color:var(--accent);text-decoration:none;white-space:nowrap}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:14px 20px 18px;margin:16px 0}
h2{font-size:18px;margin:0 0 2px;color:var(--accent)}
h3{font-size:14px;margin:14px 0 6px;color:var(--muted)}
p.lead{margin:0 0 10px;color:var(--muted);font-size:13px}
.note{color:var(--muted);font-size:12px;margin:4px 0 0}
.empty{color:var(--muted);font-style:italic;padding:8px 0}
.legend{font-size:12px;color:var(--muted);margin:8px 0 0}
.legend span{margin-right:16px;white-space:nowrap}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(158px,1fr));gap:12px;margin-top:8px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 12px;background:#fbfcfd}
.card .label{font-size:12px;color:var(--muted)}
.card .value{font-size:26px;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
.card .change{font-size:12px;color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:8px 24px}
figure{margin:8px 0}
figcaption{font-size:13px;font-weight:600;color:var(--ink);margin-bottom:2px}
svg{max-width:100%;height:auto;display:block}
svg text{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;font-size:11px;fill:#52606d}
svg .axis{stroke:#9aa5b1;stroke-width:1}
svg .grid{stroke:#e4e7eb;stroke-width:1}
svg text.lbl{fill:#1f2933}
.tablewrap{overflow-x:auto;margin-top:8px}
table{border-collapse:collapse;width:100%;font-size:12.5px}
th{font-weight:600;text-align:left;color:var(--muted);border-bottom:2px solid var(--line);padding:5px 8px;vertical-align:bottom}
td{padding:4px 8px;border-bottom:1px solid #eef1f4;vertical-align:top}
th.n{text-align:right}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.grand td{font-weight:700;background:#eef3f7}
tr.subtotal td{background:#f8fafb}
tr.own td:first-child{box-shadow:inset 3px 0 var(--own)}
.sup{display:inline-block;min-width:1.6em;padding:0 4px;border-radius:3px;background:#e4e7eb;color:#3e4c59;font-size:11px;font-weight:700;text-align:center}
.yours{display:block;color:var(--own);font-size:11px;font-weight:400}
.delta{display:block;color:var(--muted);font-size:11px;font-weight:400}
.grid-cov td,.grid-cov th{text-align:center;padding:3px 6px}
.grid-cov td:first-child,.grid-cov th:first-child{text-align:left}
.tick{color:#067647;font-weight:700}
.notes h3{color:var(--accent)}
.notes li{margin:3px 0}
footer{max-width:1200px;margin:0 auto;padding:8px 24px 32px;font-size:12px;color:var(--muted)}
footer code{font-size:11.5px;word-break:break-all;color:var(--ink)}
@media print{
  body{background:#fff;font-size:11px}
  .masthead{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 8px}
  nav.toc{display:none}
  main{padding:0;max-width:none}
  section{border:none;border-top:1px solid #bbb;border-radius:0;padding:8px 0;break-inside:auto}
  figure,.cards,.banner{break-inside:avoid}
  h2,h3{break-after:avoid}
  thead{display:table-header-group}
  tr{break-inside:avoid}
  .tablewrap{overflow:visible}
  .charts{grid-template-columns:1fr 1fr}
  footer{padding:8px 0}
}
)css";

}  // namespace

std::string_view page_css() { return kCss; }

std::string esc(std::string_view text) { return html_escape(text); }

std::string grouped(double value) {
  Figure f;
  f.kind = Figure::Kind::Number;
  f.number = value;
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    f.text = std::to_string(static_cast<long long>(value));
  } else {
    std::array<char, 32> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, 1);
    f.text = ec == std::errc() ? std::string(buffer.data(), end) : std::string("?");
  }
  return report::group_digits(f);
}

std::string suppressed_badge() { return R"(<span class="sup" title="Suppressed: confidential">C</span>)"; }

std::string empty_note() { return R"(<p class="empty">No data for this period.</p>)"; }

std::string suppressed_note(std::size_t n, std::string_view what) {
  if (n == 0) return {};
  std::string out = R"(<p class="note">)";
  out += count_text(n, "suppressed cell", "suppressed cells");
  out += " not shown";
  if (!what.empty()) {
    out += ' ';
    out += esc(what);
  }
  out += ".</p>";
  return out;
}

}  // namespace vrs::client::report
