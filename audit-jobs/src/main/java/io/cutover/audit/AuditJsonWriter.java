package io.cutover.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Instant;

/** report.json: the audit result for machines and notebooks, versioned by its "format" field. */
public final class AuditJsonWriter {
  public static final String FORMAT = "cutover.audit.report/1";
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(
              new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
          .enable(SerializationFeature.INDENT_OUTPUT);

  private AuditJsonWriter() {}

  public static String render(AuditResult result) {
    ObjectNode root = JSON.createObjectNode().put("format", FORMAT);
    root.setAll((ObjectNode) JSON.valueToTree(result));
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot render the audit report as JSON", e);
    }
  }
}
