/** What made an artifact: its sources, the steps in order, seeds, the code commit and the environment. */
package dev.datamgmt.core.provenance;
