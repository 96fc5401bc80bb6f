<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnnotationsModel</name>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="149"/>
        <source>[orphaned] </source>
        <translation>[已失锚] </translation>
    </message>
</context>
<context>
    <name>AnnotationsPanel</name>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="172"/>
        <source>Whole library</source>
        <translation>整个文库</translation>
    </message>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="174"/>
        <source>Filter: text, or #tag</source>
        <translation>筛选：文字，或 #标签</translation>
    </message>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="182"/>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="183"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="184"/>
        <source>Undo Delete</source>
        <translation>撤销删除</translation>
    </message>
</context>
<context>
    <name>Appearance</name>
    <message>
        <location filename="../../reader/ui/window/appearance.py" line="56"/>
        <source>The language changes when Dubao is started again.</source>
        <translation>语言将在重新启动读报后生效。</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <location filename="../../reader/ui/article_view.py" line="80"/>
        <source>Page {pages}</source>
        <translation>第{pages}版</translation>
    </message>
    <message>
        <location filename="../../reader/ui/article_view.py" line="80"/>
        <source>— continued on page {page} —</source>
        <translation>—— 以下为第{page}版 ——</translation>
    </message>
    <message>
        <location filename="../../reader/ui/article_view.py" line="81"/>
        <source>(continued on page {page}, which is not in the library)</source>
        <translation>（下转第{page}版，该版不在文库中）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/article_view.py" line="82"/>
        <source>[image not available: {path}]</source>
        <translation>［图片缺失：{path}］</translation>
    </message>
    <message>
        <location filename="../../reader/ui/article_view.py" line="82"/>
        <source>Links</source>
        <translation>链接</translation>
    </message>
</context>
<context>
    <name>BookmarksModel</name>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="71"/>
        <source>(no longer in the library)</source>
        <translation>（已不在文库中）</translation>
    </message>
</context>
<context>
    <name>BookmarksPanel</name>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="94"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="96"/>
        <source>Note…</source>
        <translation>批注…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="118"/>
        <source>Bookmark note</source>
        <translation>书签备注</translation>
    </message>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="118"/>
        <source>Note</source>
        <translation>批注</translation>
    </message>
</context>
<context>
    <name>Correcting</name>
    <message>
        <location filename="../../reader/ui/correcting.py" line="224"/>
        <source>&amp;Correct Text…</source>
        <translation>校对文字(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="225"/>
        <source>Show &amp;Original OCR</source>
        <translation>显示原始 OCR(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="228"/>
        <source>Search the Original OCR</source>
        <translation>搜索原始 OCR</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="231"/>
        <source>&amp;Undo Correction</source>
        <translation>撤销校对(&amp;U)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="232"/>
        <source>&amp;Redo Correction</source>
        <translation>重做校对(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="240"/>
        <source>Editor &amp;Name…</source>
        <translation>校对者姓名(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="241"/>
        <source>&amp;Corrections</source>
        <translation>校对(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="263"/>
        <source>Corrections</source>
        <translation>校对</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="277"/>
        <source>Editor Name</source>
        <translation>校对者姓名</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="278"/>
        <source>Your name, recorded with each correction you make:</source>
        <translation>您的姓名（记在您做的每处校对上）：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="305"/>
        <source>Showing the original OCR: turn it off to correct.</source>
        <translation>正在显示原始 OCR：关掉它才能校对。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="306"/>
        <source>Select text within one paragraph, or put the cursor in the paragraph to correct.</source>
        <translation>请在一段之内选中文字，或把光标放在要校对的段落里。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="337"/>
        <source>Corrected; Ctrl+Z undoes it.</source>
        <translation>已校对；Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="379"/>
        <source>Showing the original OCR, as imported (highlights hidden).</source>
        <translation>正在显示导入时的原始 OCR（高亮已隐藏）。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="380"/>
        <source>Showing the corrected text.</source>
        <translation>正在显示校对后的文字。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="410"/>
        <source>Original OCR shown</source>
        <translation>正在显示原始 OCR</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="412"/>
        <source>{mark} {here} here · {total} corrections in {articles} articles</source>
        <translation>{mark} 本文 {here} 处 · 全库 {articles} 篇文章共 {total} 处校对</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="450"/>
        <source>Original OCR: {text}</source>
        <translation>原始 OCR：{text}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="453"/>
        <source>Corrected: {who}</source>
        <translation>校对：{who}</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../reader/ui/correcting.py" line="149"/>
        <source>Correct Text</source>
        <translation>校对文字</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="158"/>
        <source>optional: why, or the source checked</source>
        <translation>可选：为何改、据何核对</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="160"/>
        <source>Original OCR</source>
        <translation>原始 OCR</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="161"/>
        <source>Corrected text</source>
        <translation>校对后的文字</translation>
    </message>
    <message>
        <location filename="../../reader/ui/correcting.py" line="162"/>
        <source>Note</source>
        <translation>批注</translation>
    </message>
</context>
<context>
    <name>CorrectionsModel</name>
    <message>
        <location filename="../../reader/ui/corrections_panel.py" line="47"/>
        <source>(article not in the library)</source>
        <translation>（文章不在库中）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/corrections_panel.py" line="50"/>
        <source>conflict: the source changed</source>
        <translation>冲突：来源已更改</translation>
    </message>
    <message>
        <location filename="../../reader/ui/corrections_panel.py" line="54"/>
        <source>Double-click to show it in its article</source>
        <translation>双击在文章中显示</translation>
    </message>
</context>
<context>
    <name>CorrectionsPanel</name>
    <message>
        <location filename="../../reader/ui/corrections_panel.py" line="70"/>
        <source>Filter corrections…</source>
        <translation>筛选校对…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/corrections_panel.py" line="72"/>
        <source>This article only</source>
        <translation>仅本文</translation>
    </message>
    <message>
        <location filename="../../reader/ui/corrections_panel.py" line="79"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../reader/ui/corrections_panel.py" line="80"/>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <location filename="../../reader/ui/corrections_panel.py" line="81"/>
        <source>Take the correction back: the passage reads as imported (Ctrl+Z undoes)</source>
        <translation>撤回这处校对：该处恢复为导入时的文字（Ctrl+Z 可撤销）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/corrections_panel.py" line="111"/>
        <source>{count} corrections</source>
        <translation>{count} 处校对</translation>
    </message>
    <message>
        <location filename="../../reader/ui/corrections_panel.py" line="111"/>
        <source>1 correction</source>
        <translation>1 处校对</translation>
    </message>
    <message>
        <location filename="../../reader/ui/corrections_panel.py" line="113"/>
        <source>{count} in conflict</source>
        <translation>{count} 处冲突</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../reader/ui/crash.py" line="60"/>
        <source>Dubao — something went wrong</source>
        <translation>读报——出错了</translation>
    </message>
    <message>
        <location filename="../../reader/ui/crash.py" line="62"/>
        <source>The details are also in {path}.</source>
        <translation>详细信息也记录在 {path}。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/crash.py" line="63"/>
        <source>The log file could not be written.</source>
        <translation>无法写入日志文件。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/crash.py" line="64"/>
        <source>Something unexpected went wrong. Your library is safe: what was saved stays saved. {where}</source>
        <translation>发生了意外错误。文库是安全的：已保存的内容仍然保存着。{where}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/crash.py" line="71"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="35"/>
        <location filename="../../reader/ui/export_dialog.py" line="86"/>
        <source>Export to PDF</source>
        <translation>导出为 PDF</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="40"/>
        <source>The article being read</source>
        <translation>正在阅读的文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="41"/>
        <source>The selected articles ({count})</source>
        <translation>选中的文章（{count}篇）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="42"/>
        <source>The whole issue</source>
        <translation>整期报纸</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="43"/>
        <source>All bookmarked articles</source>
        <translation>所有书签文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="44"/>
        <source>The results of a search:</source>
        <translation>搜索结果：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="52"/>
        <source>search terms</source>
        <translation>搜索词</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="61"/>
        <source>Include my highlights and notes</source>
        <translation>包含我的高亮与批注</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="66"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="86"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="111"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="111"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="137"/>
        <source>Exported {count} articles to {path}</source>
        <translation>已导出 {count} 篇文章到 {path}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="137"/>
        <source>Exported 1 article to {path}</source>
        <translation>已导出 1 篇文章到 {path}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="146"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../reader/ui/export_dialog.py" line="63"/>
        <source>Put each article&apos;s clipping from the page scan before it</source>
        <translation>在每篇文章之前附上它在版面扫描图上的剪报</translation>
    </message>
</context>
<context>
    <name>Find</name>
    <message>
        <location filename="../../reader/ui/window/find.py" line="50"/>
        <source>{current} of {count}</source>
        <translation>第{current}处，共{count}处</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/find.py" line="51"/>
        <source>no hits</source>
        <translation>无匹配</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../reader/ui/dialogs.py" line="25"/>
        <source>Find in article</source>
        <translation>在文中查找</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <location filename="../../reader/ui/dialogs.py" line="69"/>
        <source>Import report</source>
        <translation>导入报告</translation>
    </message>
    <message>
        <location filename="../../reader/ui/dialogs.py" line="69"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/dialogs.py" line="69"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>Imports</name>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="33"/>
        <source>Import page files</source>
        <translation>导入版面文件</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="34"/>
        <source>Page files (*.md *.markdown *.txt);;All files (*)</source>
        <translation>版面文件 (*.md *.markdown *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="41"/>
        <source>Import a folder of page files</source>
        <translation>导入版面文件夹</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="47"/>
        <source>An import is already running.</source>
        <translation>已有导入正在进行。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="50"/>
        <source>The library is read-only: nothing can be imported into it.</source>
        <translation>文库是只读的：不能向其中导入。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="57"/>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="57"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="58"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="76"/>
        <source>Importing {done} of {total}…</source>
        <translation>正在导入 {done}/{total}…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="91"/>
        <source>{imported} imported, {replaced} replaced, {unchanged} unchanged, {failed} failed; {articles} articles</source>
        <translation>导入 {imported} 个，替换 {replaced} 个，未变 {unchanged} 个，失败 {failed} 个；共 {articles} 篇文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="96"/>
        <source>(cancelled)</source>
        <translation>（已取消）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/imports.py" line="108"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
</context>
<context>
    <name>IssueCalendar</name>
    <message>
        <location filename="../../reader/ui/window/calendar.py" line="23"/>
        <source>Publication shown in the calendar</source>
        <translation>日历显示的报纸</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/calendar.py" line="28"/>
        <source>Marked days have an issue: click one to open it.</source>
        <translation>有标记的日期有当期报纸：点击即可打开。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/calendar.py" line="97"/>
        <source>No issue of {publication} on {date}.</source>
        <translation>{publication} 在 {date} 没有报纸。</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <location filename="../../reader/ui/models.py" line="209"/>
        <source>Undated</source>
        <translation>无日期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="225"/>
        <source>No. {number}</source>
        <translation>总第{number}号</translation>
    </message>
</context>
<context>
    <name>LibraryPreparation</name>
    <message>
        <location filename="../../reader/ui/library_preparation.py" line="49"/>
        <source>Preparing the library (search index)…</source>
        <translation>正在准备文库（搜索索引）…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/library_preparation.py" line="50"/>
        <source>Stop (continue next time)</source>
        <translation>停止（下次打开时继续）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../reader/ui/main_window.py" line="36"/>
        <source>Dubao — newspaper reader</source>
        <translation>读报 — 报纸阅读器</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="137"/>
        <source>Not saved: {message}</source>
        <translation>未保存：{message}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="194"/>
        <source>1 publication</source>
        <translation>1 种报纸</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="194"/>
        <source>{n} publications</source>
        <translation>{n} 种报纸</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="195"/>
        <source>1 issue</source>
        <translation>1 期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="195"/>
        <source>{n} issues</source>
        <translation>{n} 期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="196"/>
        <source>1 page</source>
        <translation>1 版</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="196"/>
        <source>{n} pages</source>
        <translation>{n} 版</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="197"/>
        <source>1 article</source>
        <translation>1 篇文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="197"/>
        <source>{n} articles</source>
        <translation>{n} 篇文章</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="213"/>
        <source>Read-only library</source>
        <translation>只读文库</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="214"/>
        <source>This library cannot be changed: bookmarks, highlights, imports and removals are off.</source>
        <translation>此文库不能修改：书签、高亮、导入和移除均已停用。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="235"/>
        <source>About Dubao</source>
        <translation>关于读报</translation>
    </message>
    <message>
        <location filename="../../reader/ui/main_window.py" line="236"/>
        <source>Dubao (读报) {version}
A reader for digitised newspapers: read, search, annotate, export.
Works offline; never touches the network.</source>
        <translation>读报 {version}
数字化报纸阅读器：阅读、检索、批注、导出。
完全离线，从不联网。</translation>
    </message>
</context>
<context>
    <name>Masthead</name>
    <message>
        <location filename="../../reader/ui/masthead.py" line="37"/>
        <source>Dubao 读报</source>
        <translation>读报</translation>
    </message>
    <message>
        <location filename="../../reader/ui/masthead.py" line="42"/>
        <source>Undated</source>
        <translation>无日期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/masthead.py" line="45"/>
        <source>{year}/{month}/{day}</source>
        <translation>{year}年{month}月{day}日</translation>
    </message>
    <message>
        <location filename="../../reader/ui/masthead.py" line="49"/>
        <source>No. {number}</source>
        <translation>总第{number}号</translation>
    </message>
    <message>
        <location filename="../../reader/ui/masthead.py" line="51"/>
        <source>Serial {code}</source>
        <translation>国内统一刊号 {code}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/masthead.py" line="59"/>
        <source>Page {number}</source>
        <translation>第{number}版</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <location filename="../../reader/ui/window/navigation.py" line="49"/>
        <location filename="../../reader/ui/window/navigation.py" line="148"/>
        <source>That article is no longer in the library.</source>
        <translation>该文章已不在文库中。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/navigation.py" line="88"/>
        <source>No more articles in this issue.</source>
        <translation>本期没有更多文章了。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/navigation.py" line="104"/>
        <source>No more pages in this issue.</source>
        <translation>本期没有更多版面了。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/navigation.py" line="111"/>
        <source>No more issues of this publication.</source>
        <translation>该报没有更多期了。</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="32"/>
        <location filename="../../reader/ui/notes_panel.py" line="39"/>
        <source>Note</source>
        <translation>批注</translation>
    </message>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="36"/>
        <source>tags, separated by commas</source>
        <translation>标签，用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../reader/ui/notes_panel.py" line="40"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>Notes</name>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="28"/>
        <source>Yellow</source>
        <translation>黄色</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="28"/>
        <source>Green</source>
        <translation>绿色</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="28"/>
        <source>Blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="29"/>
        <source>Pink</source>
        <translation>粉色</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="29"/>
        <source>Orange</source>
        <translation>橙色</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="32"/>
        <source>Colour of new highlights</source>
        <translation>新高亮的颜色</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="34"/>
        <location filename="../../reader/ui/window/notes.py" line="54"/>
        <source>Bookmark</source>
        <translation>收藏</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="35"/>
        <source>Bookmark this article (Ctrl+D)</source>
        <translation>收藏这篇文章 (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="53"/>
        <source>Remove &amp;Bookmark</source>
        <translation>移除书签(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="53"/>
        <source>&amp;Bookmark Article</source>
        <translation>加入书签(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="54"/>
        <source>Bookmarked</source>
        <translation>已收藏</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="61"/>
        <source>Bookmarked.</source>
        <translation>已加入书签。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="61"/>
        <source>Bookmark removed.</source>
        <translation>已移除书签。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="66"/>
        <source>Select some article text first.</source>
        <translation>请先选择文章中的文字。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="100"/>
        <source>Copied: {citation}</source>
        <translation>已复制：{citation}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="111"/>
        <source>Highlight in Colour</source>
        <translation>按颜色高亮</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="139"/>
        <source>Page notes — page {number}</source>
        <translation>版面附注 — 第{number}版</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="141"/>
        <source>Editors: {names}</source>
        <translation>编辑：{names}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="143"/>
        <source>Not part of any article:</source>
        <translation>不属于任何文章的内容：</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/notes.py" line="146"/>
        <source>Parser warnings:</source>
        <translation>解析提示：</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <location filename="../../reader/ui/page_view.py" line="97"/>
        <source>Previous page of this article</source>
        <translation>本文的上一版</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="98"/>
        <source>Next page of this article</source>
        <translation>本文的下一版</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="99"/>
        <source>Width</source>
        <translation>页宽</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="99"/>
        <source>Fit width</source>
        <translation>适合宽度</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="100"/>
        <source>Page</source>
        <translation>整页</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="100"/>
        <source>Fit page</source>
        <translation>适合整页</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="101"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="102"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="158"/>
        <source>Loading the scan…</source>
        <translation>正在载入扫描图…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="197"/>
        <source>Page {number}</source>
        <translation>第{number}版</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="198"/>
        <source>Unnumbered page</source>
        <translation>未编号版面</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="200"/>
        <source>{page} · no scan: the OCR&apos;s blocks at their places</source>
        <translation>{page} · 无扫描图：按 OCR 版块的位置显示</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view.py" line="298"/>
        <source>The scan could not be read: {reason}</source>
        <translation>无法读取扫描图：{reason}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view_install.py" line="51"/>
        <source>This article&apos;s page has no layout: its source gave no positions.</source>
        <translation>本文所在版面没有版式：其来源未给出位置。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/page_view_install.py" line="103"/>
        <source>&amp;Page View</source>
        <translation>版面视图(&amp;P)</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../../reader/ui/window/panels.py" line="49"/>
        <source>◀ Previous issue</source>
        <translation>◀ 上一期</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/panels.py" line="50"/>
        <source>Next issue ▶</source>
        <translation>下一期 ▶</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/panels.py" line="78"/>
        <source>Sections</source>
        <translation>版面</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/panels.py" line="79"/>
        <source>Library</source>
        <translation>文库</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/panels.py" line="80"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/panels.py" line="81"/>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/panels.py" line="82"/>
        <source>Annotations</source>
        <translation>批注</translation>
    </message>
</context>
<context>
    <name>Removal</name>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="54"/>
        <source>Remove Publication…</source>
        <translation>移除报纸…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="54"/>
        <source>Remove Issue…</source>
        <translation>移除此期…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="55"/>
        <source>Remove This Page&apos;s File…</source>
        <translation>移除此版的文件…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="67"/>
        <source>Remove the publication “{name}” and all its issues from the library?</source>
        <translation>从文库中移除报纸“{name}”及其所有各期？</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="69"/>
        <source>Remove the issue {name} from the library?</source>
        <translation>从文库中移除 {name} 这一期？</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="70"/>
        <source>Remove the file of {name} ({path}) from the library?</source>
        <translation>从文库中移除 {name} 的文件（{path}）？</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="74"/>
        <source>Remove from the library</source>
        <translation>从文库中移除</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="76"/>
        <source>The files on disk are not touched. Bookmarks and annotations of its articles are kept (as orphans) and listed afterwards.</source>
        <translation>磁盘上的文件不会被改动。其文章的书签和批注会保留（成为孤立项），并在之后列出。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="79"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="94"/>
        <source>Removed 1 article; {orphans} bookmarks and annotations kept as orphans.</source>
        <translation>已移除 1 篇文章；{orphans} 条书签和批注作为孤立项保留。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="96"/>
        <source>Removed {articles} articles; {orphans} bookmarks and annotations kept as orphans.</source>
        <translation>已移除 {articles} 篇文章；{orphans} 条书签和批注作为孤立项保留。</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="100"/>
        <source>Kept as orphans</source>
        <translation>保留的孤立项</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="100"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/removal.py" line="100"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="135"/>
        <source>Search the library (Ctrl+F)</source>
        <translation>搜索文库 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="140"/>
        <source>Exact script</source>
        <translation>区分简繁</translation>
    </message>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="141"/>
        <source>Simplified and traditional characters do not match each other (without it, 宪法 also finds 憲法)</source>
        <translation>简体字与繁体字不互相匹配（不勾选时，搜“宪法”也能找到“憲法”）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="144"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="144"/>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="201"/>
        <source>All publications</source>
        <translation>全部报纸</translation>
    </message>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="226"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="250"/>
        <source>No matches</source>
        <translation>没有结果</translation>
    </message>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="252"/>
        <source>1 match</source>
        <translation>1 条结果</translation>
    </message>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="254"/>
        <source>{n} matches; scroll for more</source>
        <translation>{n} 条结果；向下滚动查看更多</translation>
    </message>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="256"/>
        <source>{n} matches</source>
        <translation>{n} 条结果</translation>
    </message>
    <message>
        <location filename="../../reader/ui/search_panel.py" line="280"/>
        <source>Search failed: {message}</source>
        <translation>搜索失败：{message}</translation>
    </message>
</context>
<context>
    <name>SectionModel</name>
    <message>
        <location filename="../../reader/ui/models.py" line="292"/>
        <source>Page {number}</source>
        <translation>第{number}版</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="292"/>
        <source>Page</source>
        <translation>版面</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="303"/>
        <source>Page notes</source>
        <translation>版面附注</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="329"/>
        <source>[Photo] </source>
        <translation>[图片] </translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="332"/>
        <source>(pages {pages})</source>
        <translation>（第{pages}版）</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="352"/>
        <source>Kicker</source>
        <translation>引题</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="352"/>
        <source>Subheading</source>
        <translation>副题</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models.py" line="352"/>
        <source>Headline</source>
        <translation>主题</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../reader/ui/dialogs.py" line="82"/>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <location filename="../../reader/ui/dialogs.py" line="82"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../reader/ui/dialogs.py" line="82"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="24"/>
        <source>Import &amp;Files…</source>
        <translation>导入文件(&amp;F)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="26"/>
        <source>Import F&amp;older…</source>
        <translation>导入文件夹(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="28"/>
        <source>&amp;Export to PDF…</source>
        <translation>导出为 PDF(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="29"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="30"/>
        <source>Next &amp;Article</source>
        <translation>下一篇(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="31"/>
        <source>Previous A&amp;rticle</source>
        <translation>上一篇(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="32"/>
        <source>Next &amp;Page</source>
        <translation>下一版(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="33"/>
        <source>Previous P&amp;age</source>
        <translation>上一版(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="34"/>
        <source>Next &amp;Issue</source>
        <translation>下一期(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="35"/>
        <source>Previous I&amp;ssue</source>
        <translation>上一期(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="36"/>
        <source>&amp;Back</source>
        <translation>后退(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="37"/>
        <source>&amp;Forward</source>
        <translation>前进(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="38"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="39"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="40"/>
        <source>&amp;Reset Zoom</source>
        <translation>原始大小(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="41"/>
        <source>&amp;Search Library</source>
        <translation>搜索文库(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="42"/>
        <source>&amp;Find in Article</source>
        <translation>在文中查找(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="43"/>
        <source>Next &amp;Hit</source>
        <translation>下一处(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="44"/>
        <source>Previous H&amp;it</source>
        <translation>上一处(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="45"/>
        <source>&amp;Bookmark Article</source>
        <translation>加入书签(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="47"/>
        <source>&amp;Highlight Selection</source>
        <translation>高亮所选(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="48"/>
        <source>Highlight with &amp;Note…</source>
        <translation>高亮并批注(&amp;N)…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="50"/>
        <source>Copy &amp;Citation</source>
        <translation>复制引文(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="51"/>
        <source>Copy Short Citation</source>
        <translation>复制简短出处</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="52"/>
        <source>Page &amp;Notes</source>
        <translation>版面附注(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="53"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>快捷键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="54"/>
        <source>&amp;About Dubao</source>
        <translation>关于读报(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="59"/>
        <source>&amp;Light</source>
        <translation>明亮(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="59"/>
        <source>&amp;Sepia</source>
        <translation>护眼(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="59"/>
        <source>&amp;Dark</source>
        <translation>夜间(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="67"/>
        <source>Follow the System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="94"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="96"/>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="99"/>
        <source>&amp;Search</source>
        <translation>搜索(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="101"/>
        <source>&amp;Article</source>
        <translation>文章(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="104"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="106"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="108"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/window/actions.py" line="110"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
</TS>
