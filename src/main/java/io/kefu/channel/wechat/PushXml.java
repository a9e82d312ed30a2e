package io.kefu.channel.wechat;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a WeChat push ({@code <xml><Field>value</Field>…</xml>}) into a flat map of the root's
 * child elements. Hardened: any DOCTYPE or entity declaration is refused before parsing, DTDs and
 * external entities are disabled in the parser, and nesting deeper than the push format needs is
 * refused. Nested elements (e.g. {@code ScanCodeInfo}) are flattened as {@code Parent.Child}.
 */
public final class PushXml {
  private static final int MAX_DEPTH = 4;
  private static final int MAX_FIELDS = 256;
  private static final XMLInputFactory FACTORY = newFactory();

  private PushXml() {
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    trySet(factory, XMLConstants.ACCESS_EXTERNAL_DTD, "");
    trySet(factory, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return factory;
  }

  private static void trySet(XMLInputFactory factory, String property, Object value) {
    try {
      factory.setProperty(property, value);
    } catch (IllegalArgumentException ignored) {
      // not every StAX implementation knows the JAXP 1.5 properties; DTD support is off anyway
    }
  }

  /** Parses the push or throws {@link RejectReason#DOCTYPE_FORBIDDEN} / {@link RejectReason#XML_INVALID}. */
  public static Map<String, String> parse(String xml) {
    if (xml.contains("<!DOCTYPE") || xml.contains("<!ENTITY") || xml.contains("<!doctype")) {
      throw new CallbackRejectedException(RejectReason.DOCTYPE_FORBIDDEN);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    XMLStreamReader reader = null;
    try {
      reader = FACTORY.createXMLStreamReader(new StringReader(xml));
      String[] path = new String[MAX_DEPTH + 1];
      StringBuilder text = new StringBuilder();
      int depth = 0;
      boolean sawRoot = false;
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
              throw new CallbackRejectedException(RejectReason.DOCTYPE_FORBIDDEN);
          case XMLStreamConstants.START_ELEMENT -> {
            if (depth == 0 && sawRoot) {
              throw new CallbackRejectedException(RejectReason.XML_INVALID, "more than one root element");
            }
            sawRoot = true;
            depth++;
            if (depth > MAX_DEPTH) {
              throw new CallbackRejectedException(RejectReason.XML_INVALID, "nested too deeply");
            }
            path[depth] = reader.getLocalName();
            text.setLength(0);
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
              text.append(reader.getText());
          case XMLStreamConstants.END_ELEMENT -> {
            if (depth >= 2) {
              String name = fieldName(path, depth);
              String value = text.toString();
              if (!fields.containsKey(name) || !value.isBlank()) {
                fields.put(name, depth == 2 ? value : value.strip());
              }
              if (fields.size() > MAX_FIELDS) {
                throw new CallbackRejectedException(RejectReason.XML_INVALID, "too many fields");
              }
            }
            text.setLength(0);
            depth--;
          }
          default -> {
            // comments and processing instructions carry nothing we use
          }
        }
      }
      if (!sawRoot) {
        throw new CallbackRejectedException(RejectReason.XML_INVALID, "no root element");
      }
      return fields;
    } catch (XMLStreamException e) {
      throw new CallbackRejectedException(RejectReason.XML_INVALID, firstLine(e.getMessage()));
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // nothing left to release
        }
      }
    }
  }

  private static String fieldName(String[] path, int depth) {
    if (depth == 2) {
      return path[2];
    }
    StringBuilder name = new StringBuilder(path[2]);
    for (int i = 3; i <= depth; i++) {
      name.append('.').append(path[i]);
    }
    return name.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
