/**
 * The ImageFolder layout of torchvision and Keras: {@code root/<class name>/<image file>}, classes in sorted
 * order of their folder names.
 */
package dev.datamgmt.storage.formats.imagefolder;
