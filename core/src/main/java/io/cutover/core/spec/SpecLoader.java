package io.cutover.core.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a migration spec (HOCON) into a {@link MigrationSpec}, before any Spark work. Defaults come
 * from {@code cutover} in reference.conf; {@code ${?ENV}} substitutions read the environment; every
 * problem is reported with its file and line, all at once, as a {@link SpecException}.
 */
public final class SpecLoader {
  private static final String[] TOP_KEYS = {
    "name",
    "work-dir",
    "sources",
    "cohorts",
    "target",
    "reports",
    "ledger",
    "audit",
    "reconcile",
    "rules",
    "spark"
  };

  private final Map<String, String> env;
  private final Map<String, String> overrides;

  private SpecLoader(Map<String, String> env, Map<String, String> overrides) {
    this.env = env;
    this.overrides = overrides;
  }

  /** Loads with the process environment and no overrides. */
  public static MigrationSpec load(Path file) {
    return new SpecLoader(System.getenv(), Map.of()).read(file);
  }

  /**
   * Loads with the given environment for {@code ${?VAR}} substitutions, and overrides (spec paths
   * such as {@code work-dir}) that win over the file, as a command-line option does.
   */
  public static MigrationSpec load(
      Path file, Map<String, String> env, Map<String, String> overrides) {
    return new SpecLoader(Map.copyOf(env), Map.copyOf(overrides)).read(file);
  }

  private MigrationSpec read(Path file) {
    String shown = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new SpecException(
          new SpecProblem(
              shown,
              0,
              "",
              "spec file does not exist or is not a file: give the path of a .conf file, e.g. rules/customers.conf"));
    }
    if (!Files.isReadable(file)) {
      throw new SpecException(
          new SpecProblem(shown, 0, "", "spec file is not readable: check its permissions"));
    }
    Config resolved = parse(file, shown);
    Problems problems = new Problems(shown);
    SpecNode root = new SpecNode(resolved.root(), "", problems);
    MigrationSpec spec = build(root, shown, hash(resolved));
    if (problems.size() > 0 || spec == null) {
      throw new SpecException(problems.all());
    }
    return spec;
  }

  private Config parse(Path file, String shown) {
    try {
      Config fromFile =
          ConfigFactory.parseFile(
              file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      Config fromCommandLine = ConfigFactory.parseMap(overrides, "command line");
      // Not defaultReference(): that one folds in JVM system properties.
      Config defaults =
          ConfigFactory.parseResources(SpecLoader.class.getClassLoader(), "reference.conf")
              .getConfig("cutover");
      Config merged = fromCommandLine.withFallback(fromFile).withFallback(defaults);
      // ${?VAR} falls back to the given environment, which is then taken out again.
      Config environment =
          ConfigValueFactory.fromMap(new LinkedHashMap<>(env), "environment").toConfig();
      Config resolved =
          merged
              .withFallback(environment)
              .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
      for (String name : env.keySet()) {
        if (!merged.root().containsKey(name)) {
          resolved = resolved.withoutPath(ConfigUtil.joinPath(name));
        }
      }
      return resolved;
    } catch (ConfigException e) {
      throw new SpecException(fromTypesafe(e, shown));
    }
  }

  private MigrationSpec build(SpecNode root, String file, String hash) {
    int mark = root.mark();
    root.allowOnly(TOP_KEYS);
    String name = root.string("name");
    if (name != null) {
      Names.checkIdentifier(name.replace('-', '_')).ifPresent(p -> root.problem("name", p));
    }
    String workDir = root.string("work-dir", "cutover-work");
    Names.checkPath(workDir).ifPresent(p -> root.problem("work-dir", p));
    workDir = Locations.absolute(workDir);
    Locations locations = new Locations(workDir);

    Map<String, SourceSpec> sources = new LinkedHashMap<>();
    SpecNode sourcesNode = root.child("sources");
    if (sourcesNode != null) {
      Map<String, SpecNode> raw = sourcesNode.namedChildren();
      if (raw.isEmpty()) {
        sourcesNode.problem(
            null,
            "no sources declared: add at least one, e.g. customers { format = parquet, path = legacy/customers, key = [id] }");
      }
      raw.forEach(
          (n, node) -> {
            SourceSpec s = SourceSpec.fromNode(n, node, raw, locations);
            if (s != null) {
              sources.put(n, s);
            }
          });
      SpecNode cohortsNode = root.child("cohorts");
      CohortSpec cohorts = cohortsNode == null ? null : CohortSpec.fromNode(cohortsNode, raw);
      SpecNode targetNode = root.child("target");
      TargetSpec target =
          targetNode == null ? null : TargetSpec.fromNode(targetNode, locations, raw.keySet());
      String reports = location(root, "reports", locations);
      String ledger = location(root, "ledger", locations);
      AuditSpec audit = AuditSpec.fromNode(root.optChild("audit"));
      ReconcileSpec reconcile = ReconcileSpec.fromNode(root.optChild("reconcile"), target);
      Map<String, String> sparkConf = sparkConf(root.optChild("spark"));
      Map<String, List<RuleSpec>> rules = rules(root.optChild("rules"), raw.keySet());
      if (cohorts != null) {
        requireStageable(root.optChild("rules"), rules.keySet(), sources, cohorts.source());
      }
      if (!root.failedSince(mark)) {
        return new MigrationSpec(
            name, file, hash, workDir, sources, cohorts, target, reports, ledger, audit, reconcile,
            rules, sparkConf);
      }
    }
    return null;
  }

  private static String location(SpecNode root, String key, Locations locations) {
    SpecNode node = root.optChild(key);
    node.allowOnly("path");
    String path = node.string("path", key);
    Names.checkPath(path).ifPresent(p -> node.problem("path", p));
    return locations.resolve(path);
  }

  private static Map<String, List<RuleSpec>> rules(SpecNode node, java.util.Set<String> sources) {
    Map<String, List<RuleSpec>> out = new LinkedHashMap<>();
    for (String source : new java.util.TreeSet<>(node.keys())) {
      if (!sources.contains(source)) {
        node.problem(
            source,
            "rules for '"
                + source
                + "', which is not declared under 'sources'"
                + SpecNode.suggestion(source, sources));
        continue;
      }
      java.util.List<RuleSpec> list = new java.util.ArrayList<>();
      java.util.Set<String> names = new java.util.HashSet<>();
      for (SpecNode ruleNode : node.objects(source)) {
        RuleSpec rule = RuleParser.parse(ruleNode);
        if (rule != null && !names.add(rule.name())) {
          ruleNode.problem(
              "name",
              "another rule of '"
                  + source
                  + "' is already named '"
                  + rule.name()
                  + "': give this one a distinct 'name'");
        } else if (rule != null) {
          list.add(rule);
        }
      }
      out.put(source, List.copyOf(list));
    }
    return out;
  }

  /**
   * Rules of a source that stage cannot reach would be ignored: every source with rules is the
   * cohort source or references it, directly or through the sources it references, so that each of
   * its rows follows a customer.
   */
  private static void requireStageable(
      SpecNode rules,
      java.util.Set<String> withRules,
      Map<String, SourceSpec> sources,
      String cohortSource) {
    for (String source : withRules) {
      if (sources.containsKey(source)
          && !source.equals(cohortSource)
          && MigrationSpec.chainToCohort(sources, source, cohortSource).isEmpty()) {
        rules.problem(
            source,
            "rules for '"
                + source
                + "', which cannot be staged: it is not the cohort source '"
                + cohortSource
                + "' and does not reference it, directly or through the sources it references, so its rows follow no customer;"
                + " add references = [{ column = ..., to = "
                + cohortSource
                + " }] to sources."
                + source
                + ", or remove these rules");
      }
    }
  }

  private static Map<String, String> sparkConf(SpecNode spark) {
    spark.allowOnly("conf");
    Map<String, String> conf = spark.stringMap("conf");
    conf.keySet().stream()
        .filter(k -> !k.startsWith("spark."))
        .forEach(
            k ->
                spark.problem(
                    "conf",
                    "'" + k + "' is not a Spark setting: Spark settings start with 'spark.'"));
    return conf;
  }

  private static SpecProblem fromTypesafe(ConfigException e, String shown) {
    if (e.origin() == null) {
      return new SpecProblem(shown, 0, "", e.getMessage());
    }
    String file = e.origin().filename() != null ? e.origin().filename() : shown;
    String message = e.getMessage();
    // Typesafe prefixes "file: line: "; we print our own location.
    String prefix = e.origin().description() + ": ";
    if (message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    if (e instanceof ConfigException.UnresolvedSubstitution) {
      message += " (set the environment variable, or use ${?NAME} for an optional one)";
    }
    return new SpecProblem(file, Math.max(e.origin().lineNumber(), 0), "", message);
  }

  private static String hash(Config resolved) {
    try {
      byte[] bytes =
          resolved.root().render(ConfigRenderOptions.concise()).getBytes(StandardCharsets.UTF_8);
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
