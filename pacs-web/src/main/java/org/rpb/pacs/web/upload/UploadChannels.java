package org.rpb.pacs.web.upload;

import java.io.Serializable;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.SessionScoped;

import org.rpb.pacs.upload.UploadSessionBean;

/**
 * The uploads open in one HTTP session (one per upload page view), each under a token of 256 random bits that its
 * page alone holds. The upload endpoint finds an upload only through the caller's own session and the token the
 * page sent, so neither another user's session nor a guessed number reaches it, and a page of another site cannot
 * post files into it (it cannot read the token, and the custom header that carries it needs a CORS preflight).
 */
@SessionScoped
public class UploadChannels implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, UploadSessionBean> open = new ConcurrentHashMap<>();

    /**
     * @param session the upload session of a page
     * @return the token the page's script sends with each file
     */
    public String open(UploadSessionBean session) {
        byte[] bits = new byte[32];
        RANDOM.nextBytes(bits);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        open.put(token, session);
        return token;
    }

    /**
     * @param token a token from {@link #open(UploadSessionBean)}, or anything a request sent
     * @return the upload session it stands for in this HTTP session, if it is open
     */
    public Optional<UploadSessionBean> find(String token) {
        return token == null ? Optional.empty() : Optional.ofNullable(open.get(token));
    }

    /** Forgets an upload (its page ended). @param token its token */
    public void close(String token) {
        if (token != null) {
            open.remove(token);
        }
    }
}
