/** The one configured Jackson mapper every module uses for JSON. */
package dev.datamgmt.core.json;
