/**
 * Synthetic shop receipts for document OCR and key-field extraction: {@link
 * dev.datamgmt.synth.receipt.ReceiptsConfig}. A receipt is laid out as text lines whose amounts add up to the
 * cent, rendered onto paper, crumpled by a smooth mesh warp, photographed (perspective, lighting gradient, shadow,
 * blur, noise, JPEG). Word and line boxes stay exact because glyph outlines go through the same maps as the pixels.
 */
package dev.datamgmt.synth.receipt;
