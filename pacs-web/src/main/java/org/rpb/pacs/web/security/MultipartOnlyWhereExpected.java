package org.rpb.pacs.web.security;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Keeps multipart bodies away from the pages anyone can reach. The server lets large bodies through to the upload
 * page only (pacs-server's {@code pacs-request-limit}), and web.xml lets only uploaders in; but for a caller who is not
 * logged in, FORM authentication forwards that same request, body and all, to the login page, whose Faces servlet
 * would then parse the multipart body into temporary files. Here such a request is answered with a redirect to the
 * start page before anything reads the body (the server discards it unread).
 */
@WebFilter(urlPatterns = {"/login.xhtml", "/login-failed.xhtml", "/errors/*"},
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ERROR})
public class MultipartOnlyWhereExpected extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String type = request.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            if (!response.isCommitted()) {
                response.sendRedirect(request.getContextPath() + "/");
            }
            return;
        }
        chain.doFilter(request, response);
    }
}
