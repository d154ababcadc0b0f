/**
 * The DSS client library: {@link hca.dss.DssClient} (operations by name and typed methods), its HTTP
 * layer {@link hca.dss.DssHttp} with {@link hca.dss.RetryPolicy}, credentials ({@link
 * hca.dss.Credentials}) and the spec cache ({@link hca.dss.SpecCache}). No Camel here: the pipeline
 * calls this library.
 */
package hca.dss;
