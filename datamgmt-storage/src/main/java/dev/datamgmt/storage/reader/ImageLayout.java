package dev.datamgmt.storage.reader;

/** How decoded pixels are laid out: channels first (PyTorch, DJL's ToTensor) or channels last. */
public enum ImageLayout {
  /** channels, height, width. */
  CHW,
  /** height, width, channels. */
  HWC
}
