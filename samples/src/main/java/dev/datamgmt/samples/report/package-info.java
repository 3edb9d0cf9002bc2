/**
 * One self-contained HTML report a person opens: {@link dev.datamgmt.samples.report.HtmlReport} (sections with a
 * table of contents, paragraphs, tables, grouped bar and line charts, confusion matrices, image grids with box and
 * keypoint overlays, preformatted text) and {@link dev.datamgmt.samples.report.ReportImage} (a PNG with its
 * overlays).
 *
 * <p>Self-contained means the file needs nothing else to be viewed, offline, years later: Chart.js (MIT, its licence
 * kept in the file, ~200 KB) is read from its WebJar on the classpath and inlined, and only when the report has a
 * chart; images are inlined as {@code data:} URIs; box and keypoint overlays are SVG in the image's pixel
 * coordinates with non-scaling strokes, so they stay crisp on a 28x28 image shown at 4x with {@code
 * image-rendering: pixelated}. Charts are drawn without animation so they are complete when printed or captured.
 */
package dev.datamgmt.samples.report;
