package com.aliaport.ops.alert;

import com.aliaport.ops.config.AppConfig.Smtp;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/** Sends alerts by e-mail over SMTP (Jakarta Mail, Eclipse Angus). */
public final class EmailChannel implements AlertChannel {
    private final Smtp smtp;
    private final Session session;

    public EmailChannel(Smtp smtp) {
        this.smtp = smtp;
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", Integer.toString(smtp.port()));
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "10000");
        p.put("mail.smtp.writetimeout", "10000");
        p.put("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
        p.put("mail.smtp.auth", Boolean.toString(smtp.user().isPresent()));
        Authenticator auth = smtp.user().isEmpty()
                ? null
                : new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication(
                                smtp.user().get(),
                                smtp.password().map(p -> p.value()).orElse(""));
                    }
                };
        this.session = Session.getInstance(p, auth);
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public void deliver(Alert alert) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(smtp.from()));
        for (String to : smtp.to()) {
            m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        m.setSubject("[Aliaport " + alert.severity() + "] " + alert.title(), "UTF-8");
        StringBuilder body = new StringBuilder(alert.message()).append("\n\n");
        alert.details().forEach((k, v) -> body.append(k).append(": ").append(v).append('\n'));
        body.append("node: ")
                .append(alert.node())
                .append('\n')
                .append("at: ")
                .append(alert.at())
                .append('\n');
        m.setText(body.toString(), "UTF-8");
        m.setSentDate(Date.from(alert.at()));
        Transport.send(m);
    }
}
