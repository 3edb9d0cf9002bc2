/** The schema of a dataset's record table: label kind, class names, typed attributes. */
package dev.datamgmt.core.schema;
