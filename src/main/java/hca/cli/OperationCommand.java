package hca.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import hca.dss.DssResponse;
import hca.dss.HttpReply;
import hca.dss.spec.FlagValues;
import hca.dss.spec.Operation;
import hca.dss.spec.Param;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One {@code hca dss <command>} made from an operation of the server's API spec: a flag for each
 * path, query, header and body parameter; JSON on stdout, binary bodies streamed.
 */
final class OperationCommand implements Callable<Integer> {

  private final CliContext ctx;
  private final Operation op;
  private CommandSpec spec;

  private OperationCommand(CliContext ctx, Operation op) {
    this.ctx = ctx;
    this.op = op;
  }

  /** The command for an operation. */
  static CommandLine create(CliContext ctx, Operation op) {
    OperationCommand command = new OperationCommand(ctx, op);
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    command.spec = spec;
    spec.name(op.commandName());
    // Only help: --version is the DSS's own version parameter on many operations.
    spec.addOption(
        OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
    List<String> description = new ArrayList<>();
    if (op.summary() != null) {
      description.add(op.summary().strip());
    }
    if (op.description() != null && !op.description().isBlank()) {
      description.add("");
      description.addAll(op.description().strip().lines().toList());
    }
    spec.usageMessage().description(description.toArray(String[]::new));
    for (Param p : op.params()) {
      spec.addOption(option(p));
    }
    if (op.paginated()) {
      spec.addOption(
          OptionSpec.builder("--no-paginate")
              .arity("0")
              .type(boolean.class)
              .description("Return the first page only instead of following every page.")
              .build());
    }
    if (binary(op)) {
      spec.addOption(
          OptionSpec.builder("--output", "-o")
              .paramLabel("FILE")
              .type(Path.class)
              .description("Write the content to FILE (atomically) instead of stdout.")
              .build());
    }
    return new CommandLine(spec);
  }

  private static OptionSpec option(Param p) {
    List<String> desc = new ArrayList<>();
    if (p.description() != null && !p.description().isBlank()) {
      desc.addAll(p.description().strip().lines().toList());
    }
    if (!p.enumValues().isEmpty()) {
      desc.add("One of: " + String.join(", ", p.enumValues()) + ".");
    }
    if ("object".equals(p.type())) {
      desc.add("A JSON object.");
    } else if (p.isArray()) {
      desc.add("One or more JSON values (or one JSON array).");
    }
    if (p.required()) {
      desc.add("(required)");
    }
    OptionSpec.Builder b =
        OptionSpec.builder(p.flagName())
            .paramLabel(label(p))
            .required(p.required())
            .description(desc.toArray(String[]::new));
    if (p.isArray()) {
      b.type(List.class).auxiliaryTypes(String.class).arity("1..*");
    } else if ("boolean".equals(p.type())) {
      b.type(String.class).arity("0..1").fallbackValue("true");
    } else {
      b.type(String.class).arity("1");
    }
    if (!p.enumValues().isEmpty()) {
      b.completionCandidates(p.enumValues());
    }
    return b.build();
  }

  private static String label(Param p) {
    if (!p.enumValues().isEmpty()) {
      return String.join("|", p.enumValues());
    }
    return switch (p.type()) {
      case "object" -> "JSON";
      case "array" -> "JSON";
      case "integer", "number" -> "N";
      case "boolean" -> "true|false";
      default -> p.name().toUpperCase(Locale.ROOT);
    };
  }

  /** Operations whose answer is content, reached through a redirect (get-file). */
  private static boolean binary(Operation op) {
    return op.streamsRedirect() && "get".equalsIgnoreCase(op.httpMethod());
  }

  @Override
  public Integer call() throws IOException {
    Map<String, Object> args = new LinkedHashMap<>();
    for (Param p : op.params()) {
      OptionSpec o = spec.findOption(p.flagName());
      if (o == null || !spec.commandLine().getParseResult().hasMatchedOption(o)) {
        continue;
      }
      try {
        if (p.isArray()) {
          List<String> items = o.getValue();
          args.put(p.name(), FlagValues.parseArrayItems(p, items));
        } else {
          args.put(p.name(), FlagValues.parseFlagValue(p, o.getValue()));
        }
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e, o, null);
      }
    }
    try {
      op.build(args); // checks choices and combinations before anything is sent
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (binary(op)) {
      return download(args);
    }
    boolean onePage = op.paginated() && Boolean.TRUE.equals(spec.findOption("--no-paginate").getValue());
    DssResponse r = onePage ? ctx.client().callPage(op.name(), args) : ctx.client().call(op.name(), args);
    if ("head".equalsIgnoreCase(op.httpMethod())) {
      ObjectNode headers = Output.JSON.createObjectNode();
      r.headers().forEach((k, v) -> {
        if (k.toLowerCase(Locale.ROOT).startsWith("x-dss-")) {
          headers.put(k.toUpperCase(Locale.ROOT), v.get(0));
        }
      });
      Output.json(ctx.out(), headers);
    } else if (r.isJson()) {
      JsonNode body = r.json();
      Output.json(ctx.out(), body);
    } else {
      ctx.out().write(r.bytes());
      ctx.out().flush();
    }
    return ExitCodes.OK;
  }

  private int download(Map<String, Object> args) throws IOException {
    Path target = spec.findOption("--output").getValue();
    if (target != null && Files.isDirectory(target)) {
      // checked before the request: the content would otherwise be fetched and then have nowhere to go
      throw new BadInputException(target + ": a folder (--output names the file to write)");
    }
    if (target != null) {
      FetchOptions.requireFolder(target.toAbsolutePath().getParent(), "--output");
    }
    try (HttpReply reply = ctx.client().stream(op.name(), args);
        InputStream in = reply.body()) {
      if (target == null) {
        in.transferTo(ctx.out());
        ctx.out().flush();
        return ExitCodes.OK;
      }
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      // created with the usual permissions, unlike Files.createTempFile's owner-only ones
      Path tmp = dir.resolve("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".part");
      try {
        try (OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW)) {
          in.transferTo(out);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    return ExitCodes.OK;
  }
}
