/**
 * Not API: DJL helpers shared by the augment module's packages ({@code device}, {@code djl}). No module exports
 * this package; it may change in any release.
 */
package dev.datamgmt.augment.internal.djl;
