package com.aliaport.ops.console.connect;

import com.aliaport.ops.config.Secret;
import com.aliaport.ops.console.fx.Texts;
import com.aliaport.ops.db.ConnectionSettings;
import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/** Server, database, user, password; saved profiles to pick from (never the password). */
public final class SignInDialog {
    private SignInDialog() {}

    /** Shows the dialog; {@code offered} pre-fills it (e.g. a running embedded daemon's database). */
    public static Optional<ConnectionSettings> ask(
            Texts t, ProfileStore profiles, Optional<ConnectionSettings> offered, String problem) {
        Dialog<ConnectionSettings> dialog = new Dialog<>();
        dialog.setTitle("Aliaport Ops — " + t.get("signin.title"));
        dialog.setHeaderText(
                problem.isEmpty()
                        ? offered.map(o -> t.get("signin.embeddedFound")).orElse(t.get("signin.header"))
                        : problem);
        ComboBox<ProfileStore.Profile> saved = new ComboBox<>();
        saved.getItems().setAll(profiles.all());
        saved.setPromptText(t.get("signin.profiles"));
        TextField url = new TextField(
                offered.map(ConnectionSettings::jdbcUrl).orElse("jdbc:postgresql://127.0.0.1:5432/aliaport"));
        url.setId("signin-url");
        url.setPrefColumnCount(34);
        TextField user = new TextField(offered.map(ConnectionSettings::user).orElse(System.getProperty("user.name")));
        user.setId("signin-user");
        PasswordField password = new PasswordField();
        password.setId("signin-password");
        CheckBox save = new CheckBox(t.get("signin.save"));
        TextField name = new TextField();
        name.setPromptText(t.get("signin.profileName"));
        saved.valueProperty().addListener((o, a, p) -> {
            if (p != null) {
                url.setText(p.jdbcUrl());
                user.setText(p.user());
                name.setText(p.name());
            }
        });
        GridPane grid = new GridPane(8, 8);
        grid.addRow(0, new Label(t.get("signin.profiles")), saved);
        grid.addRow(1, new Label(t.get("signin.server")), url);
        grid.addRow(2, new Label(t.get("signin.user")), user);
        grid.addRow(3, new Label(t.get("signin.password")), password);
        grid.addRow(4, save, name);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.setResultConverter(b -> {
            if (b != ButtonType.OK) {
                return null;
            }
            if (save.isSelected()) {
                saveProfile(profiles, name.getText(), url.getText(), user.getText());
            }
            return new ConnectionSettings(
                    url.getText().trim(),
                    user.getText().trim(),
                    password.getText().isEmpty() ? Optional.empty() : Optional.of(new Secret(password.getText())));
        });
        return dialog.showAndWait();
    }

    private static void saveProfile(ProfileStore profiles, String name, String url, String user) {
        // jdbc:postgresql://host:port/db
        String rest = url.replaceFirst("^jdbc:postgresql://", "");
        String hostPort = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String db = rest.contains("/") ? rest.substring(rest.indexOf('/') + 1).replaceFirst("\\?.*", "") : "aliaport";
        String host = hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        int port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)) : 5432;
        profiles.save(
                new ProfileStore.Profile(name.isBlank() ? host + "-" + db : name.trim(), host, port, db, user.trim()));
    }
}
