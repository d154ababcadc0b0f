package hca.localdss.search;

import static hca.localdss.search.SampleDocuments.json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A small document exercising every value type, and a shorthand to match queries against it. */
final class QueryFixtures {

  static final String LONG_TEXT = "word ".repeat(60) + "end";

  static final ObjectNode DOC =
      json(
          "{'uuid': 'AbCd0000-uuid',"
              + " 'manifest': {'version': '2018-08-01T223408.596553Z',"
              + "   'files': [{'name': 'sample_0.json', 'version': '2018-08-01T223413.475426Z'}]},"
              + " 'files': {'sample_json': ["
              + "   {'name': 'Sample One', 'tags': ['Alpha', 'beta'], 'count': 3, 'ratio': 0.5,"
              + "    'living': false, 'collected': '2018-07-22',"
              + "    'submitted': '2018-07-22T23:38:35.863Z',"
              + "    'disease': [{'text': 'glioblastoma'}, {'text': 'brain tumour'}],"
              + "    'organ': {'text': 'brain', 'ontology': 'UBERON:0000955'},"
              + "    'nothing': null, 'empty': [], 'only_nulls': {'a': null},"
              + "    'title': 'Single cell RNA-seq of primary human glioblastomas',"
              + "    'file_name': 'R1.fastq.gz', 'long': '" + LONG_TEXT + "'},"
              + "   {'name': 'Sample Two', 'count': 7}]},"
              + " 'dotted.key': {'inner': 'value'}}");

  static final String FQID = "AbCd0000-uuid.2018-08-01T223408.596553Z";

  private QueryFixtures() {}

  /** Whether {@code {"query": <clause>}} (single quotes for double) matches {@link #DOC}. */
  static boolean matches(String clause) {
    return matches(clause, DOC);
  }

  static boolean matches(String clause, ObjectNode doc) {
    return EsQuery.compile(json("{'query': " + clause + "}")).matches(doc);
  }

  static EsQuery compile(String clause) {
    return EsQuery.compile(json("{'query': " + clause + "}"));
  }
}
