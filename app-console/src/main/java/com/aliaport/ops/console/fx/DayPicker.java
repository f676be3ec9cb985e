package com.aliaport.ops.console.fx;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.DatePicker;
import javafx.util.converter.LocalDateStringConverter;

/** Date pickers that show and read days as the port writes them (31.01.2026), whatever the JVM's locale. */
public final class DayPicker {
    private static final LocalDateStringConverter DAY =
            new LocalDateStringConverter(DateTimeFormatter.ofPattern("dd.MM.yyyy"), null);

    private DayPicker() {}

    public static DatePicker create(String id) {
        DatePicker picker = new DatePicker();
        picker.setId(id);
        picker.setConverter(DAY);
        return picker;
    }

    /** A filter's day: empty shows its prompt; the picker and the property follow each other. */
    public static DatePicker bound(String id, String prompt, ObjectProperty<LocalDate> value) {
        DatePicker picker = create(id);
        picker.setPromptText(prompt);
        picker.setPrefWidth(130);
        picker.valueProperty().bindBidirectional(value);
        return picker;
    }
}
