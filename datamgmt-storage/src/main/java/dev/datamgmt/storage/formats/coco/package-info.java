/** COCO object-detection annotations: {@code images}, {@code annotations} with {@code [x, y, w, h]} boxes, {@code categories}. */
package dev.datamgmt.storage.formats.coco;
