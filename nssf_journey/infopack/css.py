"""The one stylesheet of the Info Pack: phone first, large tap targets, and a print layout for A4 leaflets.

On a phone a guide is one column of cards, with links and buttons at least 48 px tall. Printed, a customer
guide is a two-column A4 leaflet (English at 9 pt, Khmer at 10 pt, the smallest print Khmer stays readable at)
with the institution's name, the date and a QR code to the guide online; a staff guide takes two pages at most.
Parts that only make sense on a screen (navigation, the print hint) are hidden in print, and parts only for
paper (the QR code, the address) on screen.
"""

from __future__ import annotations

from .fit import fit_css

CSS = """\
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f4f6f8;color:#17202a;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",\
"Noto Sans Khmer","Khmer OS System","Khmer OS",sans-serif;overflow-wrap:anywhere}
html[lang=km] body{font-family:"Khmer OS Siemreap","Noto Sans Khmer","Khmer OS System","Khmer OS Content","Khmer OS",sans-serif;line-height:1.75}
a{color:#0b4f8a}
header.top{background:#0b4f8a;color:#fff;padding:.25rem .75rem;display:flex;flex-wrap:wrap;align-items:center;
justify-content:space-between;gap:0 .75rem}
header.top a{color:#fff;display:inline-flex;align-items:center;min-height:48px;padding:0 .25rem}
header.top .brand{font-weight:700;text-decoration:none}
header.top nav{display:flex;gap:0 .75rem}
main{max-width:46rem;margin:0 auto;padding:.75rem 1rem 1.5rem}
h1{font-size:1.5rem;line-height:1.3;margin:.3rem 0 .4rem}
h2{font-size:1.2rem;margin:1.4rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #d5dde5}
h3{font-size:1.05rem;margin:0 0 .25rem}
p{margin:.35rem 0}
ul,ol{padding-left:1.3rem;margin:.3rem 0}
.summary{font-size:1.1rem}
.key{background:#fff;border:2px solid #0b4f8a;border-radius:.5rem;padding:.6rem .8rem;margin:.8rem 0}
.key h2{border:0;margin:0 0 .2rem;padding:0;font-size:1.05rem;color:#0b4f8a}
.key .chance{font-weight:700}
.box{background:#fff;border:1px solid #d5dde5;border-radius:.5rem;padding:.55rem .75rem;margin:.45rem 0}
.box>:first-child,.step>:first-child{margin-top:0}.box>:last-child,.step>:last-child{margin-bottom:0}
.bad{border-left:6px solid #b71c1c}
.src{font-size:.85rem;color:#4a5866}
.steps{list-style:none;padding:0;margin:0}
.step{background:#fff;border:1px solid #d5dde5;border-left:6px solid #0b4f8a;border-radius:.5rem;
padding:.6rem .75rem;margin:.55rem 0;break-inside:avoid}
.step.k-employer,.step.k-worker{border-left-color:#b35900}
.step.k-with{border-left-color:#2e7d32}
.step.k-backstage{border-left-color:#8a97a5;background:#eef1f4;padding:.4rem .75rem}
.step .num{font-weight:700;color:#0b4f8a}
.choice{background:#fff;border:1px dashed #0b4f8a;border-radius:.5rem;padding:.5rem .6rem;margin:.55rem 0}
.choice>h3{margin-bottom:.3rem}
.choice .step{margin:.35rem 0}
.option+.option{border-top:1px solid #d5dde5;margin-top:.4rem;padding-top:.3rem}
.or{font-weight:700;color:#0b4f8a;margin:.2rem 0}
.badge{display:inline-block;font-size:.85rem;font-weight:600;color:#8a4b00;background:#fff1e0;border-radius:.3rem;
padding:0 .4rem}
.k-backstage .badge{color:#3d4b59;background:#dde3ea}
.meta{display:flex;flex-wrap:wrap;gap:0 1rem;font-size:.92rem;color:#3d4b59;margin:.1rem 0 .2rem}
.meta b{color:#17202a}
.tip{background:#eaf6ec;border-radius:.35rem;padding:.25rem .5rem;margin:.3rem 0}
.note{font-size:.9rem;color:#8a4b00;font-weight:600}
.how-often{font-size:.92rem;color:#3d4b59}
.help{background:#0b4f8a;color:#fff;border-radius:.5rem;padding:.75rem;margin:1.2rem 0}
.help h2{border:0;margin:0 0 .3rem;color:#fff}
.call{display:inline-flex;align-items:center;min-height:48px;padding:.2rem 1.1rem;border-radius:2rem;background:#fff;
color:#0b4f8a;font-weight:700;font-size:1.15rem;text-decoration:none}
.small{font-size:.85rem;color:#4a5866}
.cards{list-style:none;padding:0;margin:.4rem 0}
.cards li{margin:.5rem 0}
.cards a{display:flex;flex-direction:column;justify-content:center;min-height:56px;background:#fff;border:1px solid #c4cfda;
border-radius:.6rem;padding:.55rem .9rem;font-weight:700;font-size:1.1rem;text-decoration:none}
.cards a span{font-weight:400;font-size:.9rem;color:#3d4b59}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.92rem}
th,td{border:1px solid #d5dde5;padding:.25rem .4rem;text-align:left;vertical-align:top}
tr.back td{background:#eef1f4}
.proposed{font-size:.8rem;color:#8a4b00}
.script li{margin:.2rem 0}
.draft{font-size:.85rem;color:#6b5200}
footer{border-top:1px solid #d5dde5;margin-top:1.5rem;padding-top:.5rem}
.paper{display:none}
.leaflet-foot{display:flex;gap:.75rem;align-items:center}
.qr{width:26mm;height:26mm;flex:none}
@media (min-width:48rem){main{padding:1.5rem 2rem}h1{font-size:1.9rem}}
@media print{
@page{size:A4;margin:6mm 7mm}
html{font-size:9pt}
html[lang=km]{font-size:10pt}
body{background:#fff;line-height:1.25}
html[lang=km] body{line-height:1.3}
header.top,nav,.screen,.box .src{display:none}
.paper{display:block}
main{max-width:none;padding:0;margin:0;columns:2;column-gap:4mm}
main>.head{column-span:all;display:flow-root}
.qrbox{float:right;display:flex;gap:2mm;align-items:flex-start;max-width:68mm;margin:0 0 1mm 3mm}
.qrbox p{margin:0;font-size:7.5pt;line-height:1.25}
html[lang=km] .qrbox p{font-size:10pt}
.qrbox .url{font-size:6.5pt;word-break:break-all}
.qr{width:20mm;height:20mm}
.brandline{font-weight:700;color:#0b4f8a;margin:0}
h1{font-size:14pt;margin:0 0 .5mm}
h2{font-size:10.5pt;margin:1.6mm 0 .8mm;padding-bottom:.2mm;border-bottom-width:.3mm;break-after:avoid}
h3{font-size:1rem}
.summary{font-size:1rem;margin:0}
p{margin:.4mm 0}
ul,ol{margin:.3mm 0;padding-left:4mm}
.key{border-width:.4mm;padding:.8mm 1.8mm;margin:1mm 0;break-inside:avoid}
.key h2{font-size:1rem;margin:0}
.box{padding:.5mm 1.6mm;margin:.6mm 0;border-width:.2mm;break-inside:avoid}
.bad{border-left-width:.9mm}
.step{margin:0 0 .8mm;padding:.5mm 1.6mm;border-width:.2mm;border-left-width:.9mm}
.step.k-backstage{padding:.3mm 1.6mm}
.choice{padding:.5mm 1.2mm;margin:0 0 .8mm;border-width:.2mm}
.choice>h3{margin-bottom:.2mm}
.choice .step{margin:.4mm 0}
.option+.option{margin-top:.4mm;padding-top:.3mm}
.or{margin:0}
.meta{font-size:1rem;gap:0 2mm;margin:0}
.badge{font-size:1rem;padding:0 .8mm}
.docs ul,.docs li{display:inline;padding:0;margin:0}
.docs li+li::before{content:" \2022  "}
.docs b{margin-right:1mm}
.tip{padding:.1mm 1mm;margin:.3mm 0}
.src,.small,.how-often,.note,.draft,.proposed,table{font-size:1rem}
html[lang=km] :is(footer p){font-size:10pt}
.help{background:#fff;color:#17202a;border:.3mm solid #0b4f8a;padding:.6mm 1.8mm;margin:1mm 0;break-inside:avoid}
.help h2{color:#0b4f8a;font-size:1rem;margin:0}
.help p{display:inline;margin-right:2mm}
.call{min-height:0;padding:0;font-size:1rem;color:#0b4f8a}
footer{margin-top:1mm;padding-top:.5mm;border-top-width:.2mm}
footer p{font-size:7.5pt;line-height:1.2}
cite{font-size:7pt}
th,td{padding:.2mm .8mm}
a{color:inherit;text-decoration:none}
.staff main{columns:2}
.staff main>section.key{column-span:all}
"""


def render_css() -> str:
    """The one stylesheet every page links to."""
    return CSS + fit_css() + "\n}\n"
