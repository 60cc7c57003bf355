package io.cutover.core.spec;

import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.List;

/** Collects spec problems so that a user sees all of them in one run. */
final class Problems {
  private final String file;
  private final List<SpecProblem> found = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  void add(ConfigOrigin origin, String path, String message) {
    found.add(
        new SpecProblem(
            fileOf(origin), origin == null ? 0 : Math.max(origin.lineNumber(), 0), path, message));
  }

  void add(SpecProblem problem) {
    found.add(problem);
  }

  int size() {
    return found.size();
  }

  List<SpecProblem> all() {
    return List.copyOf(found);
  }

  String file() {
    return file;
  }

  private String fileOf(ConfigOrigin origin) {
    if (origin == null) {
      return file;
    }
    if (origin.filename() != null) {
      return origin.filename();
    }
    if (origin.resource() != null) {
      return origin.resource();
    }
    return file;
  }
}
