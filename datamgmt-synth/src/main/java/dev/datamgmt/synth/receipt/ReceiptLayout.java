package dev.datamgmt.synth.receipt;

/** Shared constants and formatting of the receipt layout. */
final class ReceiptLayout {
  /** The paper's inner margin in pixels. */
  static final int PAD = 12;

  private ReceiptLayout() {}

  /** Cents as a decimal string with two places ({@code 1234 -> "12.34"}). */
  static String money(long cents) {
    return cents / 100 + "." + (cents % 100 < 10 ? "0" : "") + cents % 100;
  }

  /** A tax rate in tenths of a percent as printed ({@code 70 -> "7%"}, {@code 75 -> "7.5%"}). */
  static String percent(long tenths) {
    return tenths % 10 == 0 ? tenths / 10 + "%" : tenths / 10 + "." + tenths % 10 + "%";
  }
}
