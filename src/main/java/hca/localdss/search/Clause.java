package hca.localdss.search;

/** A compiled query clause. */
@FunctionalInterface
interface Clause {

  boolean matches(Candidate candidate);

  Clause ALL = c -> true;
  Clause NONE = c -> false;
}
