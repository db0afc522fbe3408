"""The page's own styles (inline: the briefing is one self-contained file)."""

STYLE = """<style>
ul.bottom-line { background: #f4f6fa; border-left: 4px solid #1f3b73; padding: .8em 1em .8em 2em; }
ul.bottom-line li { margin: .35em 0; }
table td.num { text-align: right; white-space: nowrap; }
table.targets td, table.targets th, table.scorecard td, table.record td, table.budget td { text-align: left; }
table.targets td:nth-child(10) { font-size: .85em; color: #444444; max-width: 18em; }
figcaption { font-size: .9em; color: #444444; margin: -.5em 0 1.2em; }
table.sources { width: 100%; table-layout: fixed; }
table.sources td { white-space: normal !important; overflow-wrap: anywhere; }
table.sources td:first-child { white-space: nowrap !important; overflow-wrap: normal; }
table.levels td, table.levels th { text-align: left; }
table.levels td.num { text-align: right; }
p.note { font-size: .9em; color: #444444; }
</style>"""
