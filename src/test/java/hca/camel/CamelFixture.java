package hca.camel;

import hca.dss.DssClient;
import hca.testing.LocalDssExtension;
import hca.testing.UploadTrees;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/** A Camel context with a DSS client of the local DSS in its registry, as a user's would have. */
final class CamelFixture {

  private CamelFixture() {}

  static CamelContext context(LocalDssExtension dss, Path home, Properties props) {
    DssClient client = UploadTrees.client(dss, home);
    CamelContext camel = new DefaultCamelContext();
    camel.getRegistry().bind("dss", client);
    camel.getPropertiesComponent().setInitialProperties(props);
    camel.getShutdownStrategy().setTimeout(10);
    return camel;
  }

  /** Loads a YAML route file of the repository's {@code routes/} folder. */
  static void loadYaml(CamelContext camel, String file) throws Exception {
    PluginHelper.getRoutesLoader(camel).loadRoutes(
        ResourceHelper.resolveMandatoryResource(camel, "file:" + Path.of(file).toAbsolutePath()));
  }
}
