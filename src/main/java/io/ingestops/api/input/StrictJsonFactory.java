package io.ingestops.api.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import java.io.DataInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/** The JSON factory of the service's object mapper: every parser it makes is a {@link StrictStringsParser}. */
public final class StrictJsonFactory extends JsonFactory {

    public StrictJsonFactory() {}

    private StrictJsonFactory(StrictJsonFactory source) {
        super(source, null);
    }

    /** Writers and readers that Quarkus derives from the mapper copy its factory: the copy stays strict. */
    @Override
    public JsonFactory copy() {
        _checkInvalidCopy(StrictJsonFactory.class);
        return new StrictJsonFactory(this);
    }

    @Override
    protected JsonParser _createParser(InputStream in, IOContext ctxt) throws IOException {
        return new StrictStringsParser(super._createParser(in, ctxt));
    }

    @Override
    protected JsonParser _createParser(Reader r, IOContext ctxt) throws IOException {
        return new StrictStringsParser(super._createParser(r, ctxt));
    }

    @Override
    protected JsonParser _createParser(char[] data, int offset, int len, IOContext ctxt, boolean recyclable)
            throws IOException {
        return new StrictStringsParser(super._createParser(data, offset, len, ctxt, recyclable));
    }

    @Override
    protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
        return new StrictStringsParser(super._createParser(data, offset, len, ctxt));
    }

    @Override
    protected JsonParser _createParser(DataInput input, IOContext ctxt) throws IOException {
        return new StrictStringsParser(super._createParser(input, ctxt));
    }
}
