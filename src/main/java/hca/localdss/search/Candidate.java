package hca.localdss.search;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A document being matched: its id ({@code <uuid>.<version>}, null if unknown), its source and
 * the time {@code now} stands for in date math, fixed for one search.
 */
record Candidate(String id, JsonNode source, long nowMillis) {}
