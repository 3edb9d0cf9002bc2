/**
 * Label Studio interchange: {@link dev.datamgmt.label.studio.LabelStudio} makes a project's labeling configuration
 * from a dataset schema, exports records as tasks with model predictions pre-filled ({@link
 * dev.datamgmt.label.studio.LabelStudioExporter}) and imports Label Studio's JSON export into the label store
 * ({@link dev.datamgmt.label.studio.LabelStudioImporter}, all or nothing, typed errors naming task and field).
 *
 * <p>The formats follow Label Studio's documentation (guide/task_format, guide/predictions, guide/export):
 * rectangles are {@code x}, {@code y} (top-left corner), {@code width}, {@code height} in percent of {@code
 * original_width}/{@code original_height}; {@code completed_by} is a user id (or a user object with an email);
 * ids may be numbers or strings. Masks travel as {@code brushlabels} in Label Studio's brush RLE (the
 * encoding of {@code @thi.ng/rle-pack} over RGBA pixels; package-private {@code BrushRle}) or, on request
 * ({@link dev.datamgmt.label.studio.LabelStudio.MaskFormat#POLYGON}), as {@code polygonlabels}: outlines traced
 * per connected region by marching squares and simplified without moving any pixel centre across them (package-
 * private {@code MaskOutlines}), so that the importer, which rasterizes polygons by pixel centres, paints the
 * same mask back; masks with background inside a region fail, a polygon having no holes.
 */
package dev.datamgmt.label.studio;
