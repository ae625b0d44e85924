from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gateway_error import GatewayError
from ...models.image_to_video_request import ImageToVideoRequest
from ...models.task_error import TaskError
from ...models.video_task import VideoTask
from ...types import Response


def _get_kwargs(
    *,
    body: ImageToVideoRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/videos",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GatewayError | TaskError | VideoTask | None:
    if response.status_code == 200:
        if not response.content:
            return None
        response_200 = VideoTask.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        if not response.content:
            return None

        def _parse_response_400(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:
        if not response.content:
            return None

        def _parse_response_401(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_401 = _parse_response_401(response.json())

        return response_401

    if response.status_code == 403:
        if not response.content:
            return None

        def _parse_response_403(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_403 = _parse_response_403(response.json())

        return response_403

    if response.status_code == 429:
        if not response.content:
            return None

        def _parse_response_429(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_429 = _parse_response_429(response.json())

        return response_429

    if response.status_code == 500:
        if not response.content:
            return None

        def _parse_response_500(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_500 = _parse_response_500(response.json())

        return response_500

    if response.status_code == 502:
        if not response.content:
            return None

        def _parse_response_502(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_502 = _parse_response_502(response.json())

        return response_502

    if response.status_code == 503:
        if not response.content:
            return None

        def _parse_response_503(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_503 = _parse_response_503(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GatewayError | TaskError | VideoTask]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ImageToVideoRequest,
) -> Response[GatewayError | TaskError | VideoTask]:
    """Seedance 2.0 Mini Image-to-Video

     Applicable to the `dreamina-seedance-2-0-mini-260615` model.

    Args:
        body (ImageToVideoRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayError | TaskError | VideoTask]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: ImageToVideoRequest,
) -> GatewayError | TaskError | VideoTask | None:
    """Seedance 2.0 Mini Image-to-Video

     Applicable to the `dreamina-seedance-2-0-mini-260615` model.

    Args:
        body (ImageToVideoRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayError | TaskError | VideoTask
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ImageToVideoRequest,
) -> Response[GatewayError | TaskError | VideoTask]:
    """Seedance 2.0 Mini Image-to-Video

     Applicable to the `dreamina-seedance-2-0-mini-260615` model.

    Args:
        body (ImageToVideoRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayError | TaskError | VideoTask]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: ImageToVideoRequest,
) -> GatewayError | TaskError | VideoTask | None:
    """Seedance 2.0 Mini Image-to-Video

     Applicable to the `dreamina-seedance-2-0-mini-260615` model.

    Args:
        body (ImageToVideoRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayError | TaskError | VideoTask
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
