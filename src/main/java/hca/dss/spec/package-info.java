/**
 * The DSS API as its OpenAPI spec describes it: parsing the spec ({@link hca.dss.spec.ApiSpec}),
 * the operations and parameters the command line is generated from ({@link hca.dss.spec.Operation},
 * {@link hca.dss.spec.Param}), turning typed arguments into transport-neutral requests ({@link
 * hca.dss.spec.RequestSpec}) and the HTTP-free parts of pagination ({@link hca.dss.spec.Pagination}).
 * No HTTP and no Camel here.
 */
package hca.dss.spec;
