package io.cutover.core.testing;

import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Set;

/**
 * The Febrl person records beside the repository ({@code ../shared/datasets/febrl}, read in place,
 * never copied in): their files, their columns and the values tests judge them by.
 */
public final class Febrl {
  public static final Path DIR = LegacyDatabases.PAGILA_DUMP.resolveSibling("febrl");
  public static final List<String> FILES =
      List.of("dataset1", "dataset2", "dataset3", "dataset4a", "dataset4b");
  public static final List<String> COLUMNS =
      List.of(
          "rec_id",
          "given_name",
          "surname",
          "street_number",
          "address_1",
          "address_2",
          "suburb",
          "postcode",
          "state",
          "date_of_birth",
          "soc_sec_id");

  /** Australia's states and territories as Febrl codes them; other values are typos. */
  public static final Set<String> STATES =
      Set.of("act", "nsw", "nt", "qld", "sa", "tas", "vic", "wa");

  /** How a valid date_of_birth is written. */
  public static final DateTimeFormatter BIRTH =
      DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

  private Febrl() {}

  /** The CSV file of one of {@link #FILES}. */
  public static Path csv(String file) {
    return DIR.resolve(file + ".csv");
  }
}
