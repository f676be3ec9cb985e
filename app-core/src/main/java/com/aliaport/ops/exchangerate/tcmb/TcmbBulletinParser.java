package com.aliaport.ops.exchangerate.tcmb;

import com.aliaport.ops.exchangerate.Bulletin;
import com.aliaport.ops.exchangerate.CurrencyRate;
import com.aliaport.ops.exchangerate.MalformedBulletinException;
import com.aliaport.ops.exchangerate.Source;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a TCMB bulletin ({@code today.xml} or an archive file) from its raw bytes, so that the XML declaration
 * decides the encoding (ISO-8859-9 before mid-2016, UTF-8 since). Hardened: no DOCTYPE, no external entities
 * or DTDs, a size cap. Tolerant of every layout TCMB has used: empty, self-closed and blank-only elements,
 * missing {@code Bulten_No} and {@code CrossOrder}, padded names, currencies that come and go. Entries without
 * a buying rate (the 2010-era legacy currencies) are skipped and named in {@link Bulletin#skipped()}.
 */
public final class TcmbBulletinParser {
    private static final DateTimeFormatter TARIH =
            DateTimeFormatter.ofPattern("dd.MM.uuuu").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DATE_US =
            DateTimeFormatter.ofPattern("MM/dd/uuuu").withResolverStyle(ResolverStyle.STRICT);

    private final DocumentBuilderFactory factory;
    private final int maxBytes;
    // A builder is not thread-safe but can be reset and reused, which halves the cost of a parse.
    private final ThreadLocal<DocumentBuilder> builders = ThreadLocal.withInitial(this::newBuilder);

    public TcmbBulletinParser(int maxBytes) {
        this.maxBytes = maxBytes;
        this.factory = hardenedFactory();
    }

    private DocumentBuilder newBuilder() {
        try {
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(THROWING); // the default handler prints to stderr
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DocumentBuilderFactory hardenedFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser refuses a hardening feature", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setNamespaceAware(false);
        return f;
    }

    public Bulletin parse(byte[] body) {
        if (body.length > maxBytes) {
            throw new MalformedBulletinException(
                    "TCMB answer of " + body.length + " bytes is larger than the " + maxBytes + "-byte cap");
        }
        if (body.length == 0) {
            throw new MalformedBulletinException("TCMB answer is empty");
        }
        Element root = read(body).getDocumentElement();
        if (!"Tarih_Date".equals(root.getTagName())) {
            throw new MalformedBulletinException(
                    "TCMB answer is not a bulletin: root element <" + root.getTagName() + ">, expected <Tarih_Date>");
        }
        LocalDate date = date(root);
        Optional<String> bulletinNo =
                Optional.of(root.getAttribute("Bulten_No").strip()).filter(s -> !s.isEmpty());

        List<CurrencyRate> rates = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "Currency".equals(e.getTagName())) {
                currency(e, date).ifPresentOrElse(rates::add, () -> skipped.add(code(e)));
            }
        }
        return new Bulletin(date, bulletinNo, Source.TCMB, rates, skipped);
    }

    private Document read(byte[] body) {
        DocumentBuilder builder = builders.get();
        builder.reset();
        builder.setErrorHandler(THROWING);
        try {
            return builder.parse(new InputSource(new ByteArrayInputStream(body)));
        } catch (SAXParseException e) {
            throw new MalformedBulletinException(
                    "TCMB answer is not well-formed XML (line " + e.getLineNumber() + ", column " + e.getColumnNumber()
                            + "): " + e.getMessage(),
                    e);
        } catch (SAXException | IOException e) {
            throw new MalformedBulletinException("TCMB answer cannot be read as XML: " + e.getMessage(), e);
        }
    }

    private static LocalDate date(Element root) {
        String tarih = root.getAttribute("Tarih").strip();
        String us = root.getAttribute("Date").strip();
        try {
            if (!tarih.isEmpty()) {
                return LocalDate.parse(tarih, TARIH);
            }
            if (!us.isEmpty()) {
                return LocalDate.parse(us, DATE_US);
            }
        } catch (DateTimeParseException e) {
            throw new MalformedBulletinException(
                    "TCMB bulletin date '" + (tarih.isEmpty() ? us : tarih) + "' is not a date", e);
        }
        throw new MalformedBulletinException("TCMB bulletin has neither a Tarih nor a Date attribute");
    }

    private static String code(Element currency) {
        String code = currency.getAttribute("CurrencyCode").strip();
        return code.isEmpty() ? currency.getAttribute("Kod").strip() : code;
    }

    private static Optional<CurrencyRate> currency(Element e, LocalDate date) {
        String code = code(e);
        if (code.isEmpty()) {
            throw new MalformedBulletinException(
                    "TCMB bulletin of " + date + " has a Currency without CurrencyCode or Kod");
        }
        Map<String, String> values = new HashMap<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                String text = child.getTextContent().strip();
                if (!text.isEmpty()) {
                    values.put(child.getTagName(), text);
                }
            }
        }
        BigDecimal buying = number(values, "ForexBuying", code);
        if (buying == null) {
            return Optional.empty();
        }
        return Optional.of(new CurrencyRate(
                code,
                unit(values.get("Unit"), code),
                values.get("Isim"),
                values.get("CurrencyName"),
                buying,
                number(values, "ForexSelling", code),
                number(values, "BanknoteBuying", code),
                number(values, "BanknoteSelling", code),
                number(values, "CrossRateUSD", code),
                number(values, "CrossRateOther", code)));
    }

    private static int unit(String text, String code) {
        if (text == null) {
            return 1;
        }
        try {
            int unit = Integer.parseInt(text);
            if (unit > 0) {
                return unit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new MalformedBulletinException(
                "TCMB bulletin: " + code + " Unit '" + text + "' is not a positive whole number");
    }

    private static BigDecimal number(Map<String, String> values, String element, String code) {
        String text = values.get(element);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new MalformedBulletinException(
                    "TCMB bulletin: " + code + " " + element + " '" + text + "' is not a number");
        }
    }

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
