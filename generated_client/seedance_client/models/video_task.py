from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.video_task_object import VideoTaskObject, check_video_task_object
from ..models.video_task_status import VideoTaskStatus, check_video_task_status
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.video_task_error import VideoTaskError
    from ..models.video_task_metadata import VideoTaskMetadata


T = TypeVar("T", bound="VideoTask")


@_attrs_define
class VideoTask:
    """An asynchronous video generation task. Unknown extra fields are tolerated. `completed_at` is the last update time,
    present on every retrieve: never use it to detect completion; use `status`.

    """

    id: str
    """ Public task id, `task_` followed by 32 letters or digits. """
    object_: VideoTaskObject
    model: str
    """ The model that runs the task. """
    status: VideoTaskStatus
    progress: int
    created_at: int
    """ Creation time, unix seconds. """
    task_id: str | Unset = UNSET
    """ Legacy copy of `id`. """
    completed_at: int | Unset = UNSET
    """ Last update time, unix seconds (not a completion signal). """
    expires_at: int | Unset = UNSET
    """ Expiry time of the result, unix seconds. """
    seconds: str | Unset = UNSET
    """ Requested duration. """
    size: str | Unset = UNSET
    """ Requested resolution. """
    error: VideoTaskError | Unset = UNSET
    """ Why a task failed. Set on failure, except for tasks failed by the gateway's timeout sweep, which carry no
    error. """
    metadata: VideoTaskMetadata | Unset = UNSET
    """ Free-form task metadata; `url` is the result URL. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        object_: str = self.object_

        model = self.model

        status: str = self.status

        progress = self.progress

        created_at = self.created_at

        task_id = self.task_id

        completed_at = self.completed_at

        expires_at = self.expires_at

        seconds = self.seconds

        size = self.size

        error: dict[str, Any] | Unset = UNSET
        if not isinstance(self.error, Unset):
            error = self.error.to_dict()

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "model": model,
                "status": status,
                "progress": progress,
                "created_at": created_at,
            }
        )
        if task_id is not UNSET:
            field_dict["task_id"] = task_id
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if seconds is not UNSET:
            field_dict["seconds"] = seconds
        if size is not UNSET:
            field_dict["size"] = size
        if error is not UNSET:
            field_dict["error"] = error
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.video_task_error import VideoTaskError  # noqa: PLC0415
        from ..models.video_task_metadata import VideoTaskMetadata  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        object_ = check_video_task_object(d.pop("object"))

        model = d.pop("model")

        status = check_video_task_status(d.pop("status"))

        progress = d.pop("progress")

        created_at = d.pop("created_at")

        task_id = d.pop("task_id", UNSET)

        completed_at = d.pop("completed_at", UNSET)

        expires_at = d.pop("expires_at", UNSET)

        seconds = d.pop("seconds", UNSET)

        size = d.pop("size", UNSET)

        _error = d.pop("error", UNSET)
        error: VideoTaskError | Unset
        if isinstance(_error, Unset):
            error = UNSET
        else:
            error = VideoTaskError.from_dict(_error)

        _metadata = d.pop("metadata", UNSET)
        metadata: VideoTaskMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = VideoTaskMetadata.from_dict(_metadata)

        video_task = cls(
            id=id,
            object_=object_,
            model=model,
            status=status,
            progress=progress,
            created_at=created_at,
            task_id=task_id,
            completed_at=completed_at,
            expires_at=expires_at,
            seconds=seconds,
            size=size,
            error=error,
            metadata=metadata,
        )

        video_task.additional_properties = d
        return video_task

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
